import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { NAMES } from './fixtures.js';
import { correctedRecord, multiDayRecord } from './golden-records.js';
import { danglingLinks, render } from './rendered.js';

/**
 * Golden drafts beyond the reference incident: a multi-day incident across midnight and a clock
 * change, and one with corrections, a struck entry, an escalation and a severity change. Each
 * must match its file in golden/ section by section (`UPDATE_GOLDEN=1` rewrites them; review
 * the diff like code), and each section says what a reader must find there.
 */

function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^(?=## )/m)) out.set((part.split('\n')[0] ?? '').replace(/<a [^>]*><\/a>/, ''), part);
  return out;
}

function golden(name: string, markdown: string): void {
  const file = fileURLToPath(new URL(`./golden/${name}.md`, import.meta.url));
  if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, markdown);
  const expected = sections(readFileSync(file, 'utf8'));
  const actual = sections(markdown);
  expect([...actual.keys()]).toEqual([...expected.keys()]);
  for (const [title, text] of expected) expect(actual.get(title), title).toBe(text);
}

describe('the golden draft of a three-day incident across midnight and a clock change', () => {
  const md = renderMarkdown(buildDraft({ ...multiDayRecord(), names: NAMES }));
  const s = sections(md);

  it('matches the golden draft, section by section', () => golden('multi-day-dst', md));

  it('states the window with both dates and both clock names, and its exact duration', () => {
    expect(s.get('## Summary')).toContain('Between 10:40 PM CET on Mar 27, 2026 and 1:48 AM CEST on Mar 30, 2026 (2 days 2 hours 8 minutes), INC-12 was a SEV2 incident.');
  });

  it('gives key figures exact to the minute across the clock change', () => {
    const figures = s.get('## Key figures') ?? '';
    expect(figures).toContain('| Time to mitigate | Impact started → Mitigated | 1 day 3 hours 40 minutes |');
    expect(figures).toContain('| Time to resolve | Impact started → Resolved | 2 days 2 hours 8 minutes |');
  });

  it('dates every timeline entry and names the clock change', () => {
    const timeline = s.get('## Timeline') ?? '';
    expect(timeline).toContain('All times are Europe/Berlin, shown as CET or CEST as the clocks changed; the incident spans several days, so every entry shows its date.');
    expect(timeline).toContain('· Mar 29, 2026 1:50 AM CET · Ten minutes before the clocks change');
    expect(timeline).toContain('· Mar 29, 2026 3:10 AM CEST · Ten minutes after the clocks changed');
  });

  it('keeps the recorded cause and says what is missing for the rest', () => {
    expect(s.get('## Root cause and resolution')).toContain('the gateway dropped TLS sessions after a certificate rotation');
    expect(s.get('## Root cause and resolution')).toContain('✍️ _Not recorded yet: `/incident resolution <text>`.');
  });

  it('lists the measure with its owner and due date', () => {
    expect(s.get('## Corrective and preventive measures')).toContain('| Alert on TLS handshake failures at the gateway | @cy | Fri, Apr 10, 2026 | open |');
  });

  it('draws each phase with its exact length in days, hours and minutes', () => {
    const diagram = s.get('## Status phases') ?? '';
    // 9:05 AM CET to 3:20 AM CEST the next day: 18 hours 15 minutes on the wall clock, less the hour the clocks skipped.
    expect(diagram).toContain('    Identified : from Mar 28, 2026 9:05 AM CET : for 17 hours 15 minutes');
    expect(diagram).toContain('    Monitoring : from Mar 29, 2026 3:20 AM CEST : for 22 hours 28 minutes');
  });

  it('concludes from the record, marking the missing fix for the team', () => {
    const conclusion = s.get('## Conclusion') ?? '';
    expect(conclusion).toContain('In conclusion (✍️ the record lacks the resolution; the team should complete it):');
    expect(conclusion).toContain('- **Cause:** the gateway dropped TLS sessions after a certificate rotation ([E10](#e10))');
    expect(conclusion).toContain('- ✍️ **Fixed by:** _not recorded; write it with `/incident resolution <text>`._ Impact lasted 2 days 2 hours 8 minutes ([E1](#e1), [E9](#e9)).');
  });

  it('asks the team what only they can write', () => {
    expect(s.get('## ✍️ What only a human can write')).toContain('### ✍️ Resolution');
  });

  it('keeps the bookkeeping in the full record, and every link lands', () => {
    expect(s.get('## Appendix: the full record')).toContain('**E1** · Mar 27, 2026 10:40 PM CET · ⚙️ Impact started time set — @ana');
    expect(danglingLinks(render(md))).toEqual([]);
  });
});

describe('the golden draft of a corrected incident with an escalation and a severity change', () => {
  const md = renderMarkdown(buildDraft({ ...correctedRecord(), names: NAMES }));
  const s = sections(md);

  it('matches the golden draft, section by section', () => golden('corrected', md));

  it('tells the severity as it was most of the time and when it changed', () => {
    expect(s.get('## Summary')).toContain('INC-7 was SEV2, raised to SEV1 at 8:30 PM EAT.');
    expect(s.get('## Key figures')).toContain('- **Severity:** SEV2, raised to SEV1 at 8:30 PM EAT ([E1](#e1), [E9](#e9))');
    expect(s.get('## Key figures')).toContain('- **Escalation:** Escalated once (at 7:50 PM EAT); paged once; first acknowledged at 7:56 PM EAT');
  });

  it('shows the corrected text in the timeline with the version it replaced, and leaves the struck entry out', () => {
    const timeline = s.get('## Timeline') ?? '';
    expect(timeline).toContain('· 7:30 PM EAT · Logins fail for about 60% of new users. — @bo\n  - _Corrected by @bo at 9:05 PM EAT; it said, at 7:25 PM EAT:_ Logins fail for everyone.');
    expect(timeline).not.toContain('Probably the CDN.');
  });

  it('keeps escalation, page, acknowledgement, role and severity changes in the timeline', () => {
    const timeline = s.get('## Timeline') ?? '';
    for (const line of ['⚙️ Escalated to level 2', '⚙️ Paged @cy', '⚙️ @cy acknowledged the page', '⚙️ @cy is now the scribe', '⚙️ Severity raised from SEV2 to SEV1']) expect(timeline).toContain(line);
  });

  it('shows the status update as the announcement it was', () => {
    expect(s.get('## Timeline')).toContain(
      '· 8:35 PM EAT · 📣 **Status update** from @ana:\n  > We found the cause: the database ran out of connections. Raising the pool limit now; next update in ~30 minutes.',
    );
  });

  it('keeps max_connections and ~30 minutes as typed, with no backslash', () => {
    expect(md).toContain('max_connections is at 500/500 on db-1');
    expect(md).not.toMatch(/max\\_connections|\\~30/);
  });

  it('concludes with ✍️ where the record has no cause, fix or measures', () => {
    expect(s.get('## Conclusion')).toContain('In conclusion (✍️ the record lacks the cause, the resolution and the measures; the team should complete it):');
  });

  it('keeps the struck entry and the corrections in the full record, each linked to the entry it corrects', () => {
    const record = s.get('## Appendix: the full record') ?? '';
    expect(record).toContain('· 7:40 PM EAT · _Struck from the timeline by @ana at 9:06 PM EAT; it said:_ Probably the CDN. — @cy');
    expect(record).toMatch(/⚙️ Entry of 7:25 PM EAT edited and moved to 7:30 PM EAT by @bo \(see \[E2\]\(#e2\)\) — @bo/);
    expect(record).toMatch(/⚙️ Entry of 7:40 PM EAT deleted by @ana \(see \[E3\]\(#e3\)\) — @ana/);
    expect(danglingLinks(render(md))).toEqual([]);
  });
});
