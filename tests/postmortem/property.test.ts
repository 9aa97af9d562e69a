import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDay } from '../../src/domain/time-format.js';
import { buildDraft } from '../../src/postmortem/draft.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { NAMES } from './fixtures.js';
import { randomRecord } from './random-incidents.js';
import { danglingLinks, render } from './rendered.js';

/**
 * Over random incidents (any zone, up to twelve days, seconds included, texts full of Markdown's
 * special characters): the window and duration printed are the recorded ones to the minute, the
 * rendered page shows people's words exactly as typed, with no stray backslash or entity, and
 * every citation link lands on an anchor.
 */

const MINUTE = 60_000;

/** '3 days 0 hours 8 minutes' → minutes. */
function minutesOf(text: string): number {
  if (text === 'less than a minute') return 0;
  const units: Record<string, number> = { day: 1440, days: 1440, hour: 60, hours: 60, minute: 1, minutes: 1 };
  const parts = [...text.matchAll(/(\d+) (days?|hours?|minutes?)/g)];
  expect(parts.map((m) => m[0]).join(' ')).toBe(text);
  return parts.reduce((sum, m) => sum + Number(m[1]) * (units[m[2] ?? ''] ?? Number.NaN), 0);
}

describe('postmortem drafts of random incidents', () => {
  it('print the window and the duration exactly as recorded, to the minute, for any length and zone', () => {
    fc.assert(
      fc.property(randomRecord, (r) => {
        const d = buildDraft({ ...r, names: NAMES });
        const { started, resolved } = r.incident.keyTimes;
        if (started === undefined) throw new Error('the generator always sets a start');
        const zone = r.incident.timeZone;
        // Expected texts from date-fns, independently of the draft's own fast clock.
        const s = formatClock(started, zone);
        if (resolved === undefined) {
          expect(d.window.text).toBe(`Since ${s} on ${formatDay(started, zone)}, and not resolved when this was drafted`);
          expect(d.duration).toBeUndefined();
          return;
        }
        const e = formatClock(resolved, zone);
        const sameDay = formatDay(started, zone) === formatDay(resolved, zone) && s.split(' ')[2] === e.split(' ')[2];
        expect(d.window.text).toBe(
          sameDay
            ? `Between ${s.replace(/ \S+$/, '')} and ${e} on ${formatDay(started, zone)}`
            : `Between ${s} on ${formatDay(started, zone)} and ${e} on ${formatDay(resolved, zone)}`,
        );
        expect(minutesOf(d.duration?.text ?? '')).toBe(Math.floor((resolved - started) / MINUTE));
        expect(d.intervals.find((i) => i.label === 'Time to resolve')?.text).toBe(d.duration?.text);
        const md = renderMarkdown(d);
        expect(md).toContain(`${d.window.text} (${d.duration?.text ?? ''})`);
      }),
      { numRuns: 200 },
    );
  });

  it('render with no visible escape or entity: people see their words exactly as typed', () => {
    fc.assert(
      fc.property(randomRecord, (r) => {
        const markdown = renderMarkdown(buildDraft({ ...r, names: NAMES }));
        const page = render(markdown);
        for (const typed of r.typed) expect(page.text).toContain(typed);
        // Some renderers show a needless backslash as it is: none before a `_` inside a word, none before a lone `~`.
        expect(markdown).not.toMatch(/[\p{L}\p{N}]\\_[\p{L}\p{N}]/u);
        if (!r.typed.some((t) => t.indexOf('~') !== t.lastIndexOf('~'))) expect(markdown).not.toContain('\\~');
        // Nothing the draft wrote itself shows a backslash or an entity either.
        const stray = page.text.split('\n').filter((line) => /\\[!-/:-@[-`{-~]|&#?\w+;/.test(line) && !r.typed.some((t) => line.includes(t)));
        expect(stray).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('make every citation a link that lands on an anchor, and give every entry one', () => {
    fc.assert(
      fc.property(randomRecord, (r) => {
        const d = buildDraft({ ...r, names: NAMES });
        const page = render(renderMarkdown(d));
        expect(danglingLinks(page)).toEqual([]);
        for (const item of d.timeline.items) expect(page.ids.has(item.anchor)).toBe(true);
        expect(page.ids.size).toBe(new Set(page.html.match(/\sid="[^"]*"/g)).size);
      }),
      { numRuns: 150 },
    );
  });
});
