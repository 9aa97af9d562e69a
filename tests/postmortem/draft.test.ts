import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import { Draft } from '../../src/postmortem/draft-schema.js';
import { action, ANA, at, BO, entry, incident, NAMES } from './fixtures.js';
import { kimbyRecord } from './kimby-record.js';

const draftOf = (r: ReturnType<typeof kimbyRecord>) => buildDraft({ ...r, names: NAMES });

/** The entry texts a statement cites, so a test reads like the check a reader would make. */
function cited(d: Draft, ids: string[]): string[] {
  return ids.map((id) => d.timeline.items.find((i) => i.id === id)?.text ?? `missing ${id}`);
}

describe('drafting the reference incident', () => {
  const record = kimbyRecord();
  const d = draftOf(record);

  it('is a valid structured draft', () => {
    expect(() => Draft.parse(d)).not.toThrow();
  });

  it('states the window in local time with the zone and the date, and the duration, citing where they come from', () => {
    expect(d.heading).toBe('INC-7: Authentication failing for new customers');
    expect(d.window.text).toBe('Between 7:00 PM and 9:00 PM EAT on May 13, 2023');
    expect(d.duration?.text).toBe('2 hours');
    expect(d.overview.text).toBe('Between 7:00 PM and 9:00 PM EAT on May 13, 2023 (2 hours), INC-7 was a SEV2 incident.');
    expect(cited(d, d.overview.cites)).toEqual(['Impact started time set', 'Status changed from Monitoring to Resolved']);
  });

  it('keeps the impact, cause and resolution as recorded, citing the entry that recorded the impact', () => {
    expect(d.narrative.impact?.text).toBe('around 65% of new customers could not log in; purchases halted');
    expect(cited(d, d.narrative.impact?.cites ?? [])).toEqual(['Impact recorded: around 65% of new customers could not log in; purchases halted']);
    expect(d.narrative.cause?.text).toMatch(/deadlock/);
    expect(d.narrative.summary).toBeUndefined();
  });

  it('measures detect, mitigate and resolve from when impact started, and says acknowledge was not recorded', () => {
    const byLabel = Object.fromEntries(d.intervals.map((i) => [i.label, i.text]));
    expect(byLabel).toEqual({ 'Time to detect': 'less than a minute', 'Time to acknowledge': 'not recorded', 'Time to mitigate': '1 hour 45 minutes', 'Time to resolve': '2 hours' });
    const mitigated = d.keyTimes.find((k) => k.key === 'mitigated');
    expect(mitigated?.when).toBe('8:45 PM EAT');
    expect(cited(d, mitigated?.cites ?? [])).toEqual(['Status changed from Identified to Monitoring: configuration change rolled back and database restarted']);
  });

  it('numbers every entry in time order and keeps automatic ones apart from what people wrote', () => {
    expect(d.timeline.items.map((i) => i.ref).slice(0, 3)).toEqual(['E1', 'E2', 'E3']);
    expect(d.timeline.items.map((i) => i.when)).toEqual([...d.timeline.items.map((i) => i.when)].sort((a, b) => Date.parse(`2000/1/1 ${a.replace(' EAT', '')}`) - Date.parse(`2000/1/1 ${b.replace(' EAT', '')}`)));
    expect(d.timeline.spansDays).toBe(false);
    expect(d.timeline.note).toBe('All times are EAT (Africa/Nairobi), on May 13, 2023.');
    expect(d.timeline.human).toBe(7);
    // Bookkeeping goes to the full record; what happened stays in the timeline.
    expect(d.timeline.items.filter((i) => i.folded).map((i) => i.kind)).toEqual(['time', 'time', 'field']);
    expect(d.timeline.folded).toBe(3);
    expect(d.timeline.items.filter((i) => !i.human).map((i) => i.kind)).toEqual(['time', 'time', 'declared', 'status', 'status', 'status', 'field', 'closed']);
  });

  it('lists the measures by kind with owner and due date, flagging the one that has neither', () => {
    expect(d.measures.map((m) => [m.label, m.kind, m.owner ?? '-', m.dueText ?? '-', m.missing.join('+')])).toEqual([
      ['A1', 'preventive', 'U0CY', 'Fri, May 26, 2023', ''],
      ['A2', 'corrective', BO, 'Sat, May 20, 2023', ''],
      ['A3', 'preventive', '-', '-', 'owner+due date'],
    ]);
  });

  it('draws the status phases from the status entries', () => {
    expect(d.phases.map((p) => [p.when, p.label, p.duration ?? ''])).toEqual([
      ['7:00 PM EAT', 'Impact started', ''],
      ['7:05 PM EAT', 'Declared, Investigating', '1 hour 30 minutes'],
      ['8:35 PM EAT', 'Identified', '10 minutes'],
      ['8:45 PM EAT', 'Monitoring', '15 minutes'],
      ['9:00 PM EAT', 'Resolved', '30 minutes'],
      ['9:30 PM EAT', 'Closed', ''],
    ]);
  });

  it('leaves what went well, what went wrong, lessons and the missing summary to people, with prompts from the record', () => {
    expect(d.human.map((h) => h.title)).toEqual(['What went well', 'What went wrong', 'Lessons learned', 'Summary']);
    const wrong = d.human[1]?.prompts ?? [];
    expect(wrong[0]?.text).toBe('It took 1 hour 35 minutes from the first report to identifying the cause. What slowed the diagnosis?');
    expect(wrong[1]?.text).toBe('Nothing was recorded for 35 minutes, between 7:45 PM EAT and 8:20 PM EAT. What was happening then?');
    expect(cited(d, wrong[1]?.cites ?? []).map((t) => t.slice(0, 30))).toEqual(['The database was not communica', 'The database server was experi']);
    const lessons = d.human[2]?.prompts.map((p) => p.items ?? []) ?? [];
    expect(lessons).toContainEqual(['A3']);
  });
});

describe('drafting other incidents', () => {
  it('shows dates when the incident spans days', () => {
    const t1 = at('2023-05-13', 23, 10);
    const t2 = at('2023-05-14', 2, 5);
    const r = {
      incident: incident({ status: 'resolved', keyTimes: { declared: t1, resolved: t2 } }),
      entries: [entry('declared', t1, 'Incident declared'), entry('note', at('2023-05-14', 0, 30), 'still failing'), entry('status', t2, 'Status changed from Investigating to Resolved', { change: { field: 'status', from: 'investigating', to: 'resolved' } })],
      actions: [],
      now: t2,
    };
    const d = buildDraft({ ...r, names: NAMES });
    expect(d.window.text).toBe('Between 11:10 PM EAT on May 13, 2023 and 2:05 AM EAT on May 14, 2023');
    expect(d.duration?.text).toBe('2 hours 55 minutes');
    expect(d.timeline.spansDays).toBe(true);
    expect(d.timeline.items.map((i) => i.when)).toEqual(['May 13, 2023 11:10 PM EAT', 'May 14, 2023 12:30 AM EAT', 'May 14, 2023 2:05 AM EAT']);
    expect(d.keyTimes.find((k) => k.key === 'resolved')?.when).toBe('May 14, 2023 2:05 AM EAT');
  });

  it("shows another zone's own abbreviation, daylight time included", () => {
    const zone = 'America/New_York';
    const t1 = at('2025-07-04', 9, 0, zone);
    const t2 = at('2025-07-04', 9, 40, zone);
    const d = buildDraft({
      incident: incident({ timeZone: zone, status: 'resolved', keyTimes: { declared: t1, resolved: t2 } }),
      entries: [entry('declared', t1, 'Incident declared'), entry('status', t2, 'Resolved', { change: { field: 'status', from: 'investigating', to: 'resolved' } })],
      actions: [],
      names: NAMES,
      now: t2,
    });
    expect(d.window.text).toBe('Between 9:00 AM and 9:40 AM EDT on Jul 4, 2025');
    expect(d.timeline.items[0]?.when).toBe('9:00 AM EDT');
  });

  it('still drafts an incident with nothing recorded, leaving every human section to people', () => {
    const t = at('2023-05-13', 19, 5);
    const d = buildDraft({ incident: incident({ status: 'investigating', keyTimes: { declared: t } }), entries: [], actions: [], names: new Map(), now: t });
    expect(d.window.text).toBe('Since 7:05 PM EAT on May 13, 2023, and not resolved when this was drafted');
    expect(d.duration).toBeUndefined();
    expect(d.human.map((h) => h.key)).toEqual(['went-well', 'went-wrong', 'lessons', 'summary', 'impact', 'cause', 'resolution']);
    for (const section of d.human) expect(section.prompts.length).toBeGreaterThan(0);
    expect(d.timeline.items).toEqual([]);
    expect(d.measures).toEqual([]);
  });

  it('counts escalations and points at the one that reached the people who found the cause', () => {
    const t = (h: number, m: number) => at('2023-05-13', h, m);
    const entries = [
      entry('declared', t(19, 5), 'Incident declared'),
      entry('page', t(19, 5), 'Paged on-call', { source: 'system' }),
      entry('escalation', t(19, 15), 'Escalated to Database administrators', { source: 'system' }),
      entry('ack', t(19, 20), 'Acknowledged by <@U0BO>', { author: BO }),
      entry('escalation', t(20, 30), 'Escalated to Senior engineering', { source: 'system' }),
      entry('severity', t(20, 31), 'Severity raised from SEV3 to SEV2', { change: { field: 'severity', from: 'sev3', to: 'sev2' } }),
      entry('status', t(20, 35), 'Status changed from Investigating to Identified', { change: { field: 'status', from: 'investigating', to: 'identified' } }),
    ];
    const d = buildDraft({ incident: incident({ status: 'identified', keyTimes: { declared: t(19, 5), acknowledged: t(19, 20), identified: t(20, 35) } }), entries, actions: [], names: NAMES, now: t(21, 0) });
    expect(d.escalations.text).toBe('Escalated twice (at 7:15 PM EAT, 8:30 PM EAT); paged once; first acknowledged at 7:20 PM EAT');
    expect(d.severityHistory.text).toBe('SEV3, raised to SEV2 at 8:31 PM EAT');
    expect(d.intervals.find((i) => i.label === 'Time to acknowledge')?.text).toBe('15 minutes');
    const wrong = d.human.find((h) => h.key === 'went-wrong')?.prompts[0];
    expect(wrong?.text).toBe('It took 1 hour 25 minutes from the first report to the people who found the cause: see the escalation at 8:30 PM EAT. What would have brought them in sooner?');
    expect(cited(d, wrong?.cites ?? [])).toEqual(['Incident declared', 'Escalated to Senior engineering', 'Status changed from Investigating to Identified']);
  });

  it('keeps the first text of an edited pinned message and marks a deleted one', () => {
    const t = at('2023-05-13', 19, 30);
    const pin = { channel: 'C0INC7', ts: '1684000000.000100', permalink: 'https://t.slack.com/archives/C0INC7/p1684000000000100' };
    const d = buildDraft({
      incident: incident(),
      entries: [
        entry('pin', t, 'DB CPU at 100% (edited: 98%)', { author: BO, source: 'reaction', pin: { ...pin, history: ['DB CPU at 100%'] } }),
        entry('pin', t + 60_000, 'it was the cache', { author: ANA, source: 'reaction', pin: { ...pin, ts: '1684000060.000100', deleted: true } }),
      ],
      actions: [action(1, { state: 'done' })],
      names: NAMES,
      now: t,
    });
    expect(d.timeline.items.map((i) => i.pin)).toEqual([
      { permalink: pin.permalink, firstText: 'DB CPU at 100%', deleted: false, added: false },
      { permalink: pin.permalink, deleted: true, added: false },
    ]);
    expect(d.human.find((h) => h.key === 'went-wrong')?.prompts.map((p) => p.text)).toContain('1 pinned message was deleted in Slack after being recorded. Was something said that turned out wrong?');
    expect(d.measures[0]?.missing).toEqual([]);
  });
});
