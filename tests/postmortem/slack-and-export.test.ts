import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import { buildExport, IncidentExport, renderExport } from '../../src/postmortem/export.js';
import { announcement, slackSummary } from '../../src/slack/views/postmortem-summary.js';
import { action, at, entry, incident, NAMES } from './fixtures.js';
import { multiDayRecord } from './golden-records.js';
import { kimbyRecord } from './kimby-record.js';

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] };

describe('the Slack message next to the draft', () => {
  it('gives title, window, duration, counts and a link to the file', () => {
    const d = buildDraft({ ...kimbyRecord(), names: NAMES });
    const { text, blocks } = slackSummary(d, { permalink: 'https://t.slack.com/files/U1/F1/INC-7-postmortem.md' });
    const all = JSON.stringify(blocks);
    expect(text).toContain('INC-7 postmortem draft v1');
    expect(all).toContain('Between 7:00 PM and 9:00 PM EAT on May 13, 2023 (2 hours)');
    expect(all).toContain('15 entries (7 by people); 3 of bookkeeping kept in the full record');
    expect(all).toContain('3 recorded, 3 open, 1 without owner or due date');
    expect(all).toContain('<https://t.slack.com/files/U1/F1/INC-7-postmortem.md|INC-7-postmortem.md>');
    expect(all).toContain('Left for people to write: What went well, What went wrong, Lessons learned, Summary');
  });

  it('says what the conclusion still lacks, and how to record it, with the exact duration', () => {
    const d = buildDraft({ ...multiDayRecord(), names: NAMES });
    const all = JSON.stringify(slackSummary(d).blocks);
    expect(all).toContain('(2 days 2 hours 8 minutes)');
    expect(all).toContain('The conclusion lacks the resolution: record `/incident resolution <text>`');
    expect(all).not.toContain('The conclusion lacks the cause');
  });

  it('stays inside Block Kit limits and escapes what people typed, however long', () => {
    const t = at('2023-05-13', 19, 5);
    const d = buildDraft({
      incident: incident({ title: `<!channel> ${'x'.repeat(140)} & <b>`, impact: `<!here> ${'impact '.repeat(1000)}` }),
      entries: [entry('declared', t, 'declared')],
      actions: [action(1)],
      names: NAMES,
      now: t,
    });
    const { blocks, text } = slackSummary(d);
    const typed = blocks as Block[];
    expect(typed.length).toBeLessThanOrEqual(50);
    for (const b of typed) {
      if (b.type === 'header') expect(b.text?.text.length).toBeLessThanOrEqual(150);
      if (b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
      for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
    }
    const all = JSON.stringify(blocks) + text;
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).toContain('&lt;!channel&gt;');
    expect(announcement(d)).not.toContain('<!channel>');
  });
});

describe('the JSON export', () => {
  it('holds the incident, key times, timeline and actions in the documented format, oldest first, with UTC instants', () => {
    const r = kimbyRecord();
    const shuffled = [...r.entries].reverse();
    const e = buildExport(r.incident, shuffled, [...r.actions].reverse(), r.now);
    expect(() => IncidentExport.parse(e)).not.toThrow();
    expect(e.format).toBe('warroom.incident');
    expect(e.version).toBe(1);
    expect(e.incident).toMatchObject({ id: 'INC-7', title: 'Authentication failing for new customers', impact: 'around 65% of new customers could not log in; purchases halted', timeZone: 'Africa/Nairobi' });
    expect(e.keyTimes).toEqual({
      started: '2023-05-13T16:00:00.000Z',
      detected: '2023-05-13T16:00:00.000Z',
      declared: '2023-05-13T16:05:00.000Z',
      identified: '2023-05-13T17:35:00.000Z',
      mitigated: '2023-05-13T17:45:00.000Z',
      resolved: '2023-05-13T18:00:00.000Z',
      closed: '2023-05-13T18:30:00.000Z',
    });
    expect(e.timeline.map((x) => x.at)).toEqual([...e.timeline.map((x) => x.at)].sort());
    expect(e.timeline).toHaveLength(r.entries.length);
    expect(e.actions.map((a) => [a.id, a.kind, a.owner ?? null, a.due ?? null])).toEqual([
      ['A1', 'preventive', 'U0CY', '2023-05-26'],
      ['A2', 'corrective', 'U0BO', '2023-05-20'],
      ['A3', 'preventive', null, null],
    ]);
  });

  it('documents itself truthfully: the example in docs/export-format.md is a valid export', () => {
    const doc = readFileSync(fileURLToPath(new URL('../../docs/export-format.md', import.meta.url)), 'utf8');
    const example = /```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(() => IncidentExport.parse(JSON.parse(example))).not.toThrow();
  });

  it('is byte-identical for the same record, so it diffs cleanly in git', () => {
    const r = kimbyRecord();
    const a = renderExport(buildExport(r.incident, r.entries, r.actions, r.now));
    const b = renderExport(buildExport(r.incident, [...r.entries].reverse(), [...r.actions].reverse(), r.now));
    expect(a).toBe(b);
    expect(IncidentExport.parse(JSON.parse(a))).toBeTruthy();
  });
});
