import { describe, expect, it } from 'vitest';
import { correctEntry, type Correction } from '../../src/domain/corrections.js';
import { StateError } from '../../src/domain/errors.js';
import { formatExactDuration } from '../../src/domain/time-format.js';
import type { TimelineKind } from '../../src/domain/timeline.js';
import { ANA, at, BO, CY, entry, incident } from '../postmortem/fixtures.js';
import { ids } from '../support/entry-ids.js';

/** The rules behind `/incident timeline edit|move|delete`, without Slack or Redis. */

const NOW = at('2023-05-13', 21, 5);
const when = (t: number): string => new Date(t).toISOString().slice(11, 16);
const inc = incident({ roles: { commander: ANA } });
const note = entry('note', at('2023-05-13', 19, 25), 'Logins fail for everyone.', { author: BO });
const correct = (c: Correction, by: string, e = note) => correctEntry(inc, e, { correction: c, ref: 'E2', by, now: NOW, ids, when });

describe('correcting a timeline entry', () => {
  it('edits the text, keeps the earlier one in the history, and records the correction as its own entry', () => {
    const done = correct({ op: 'edit', text: 'Logins fail for about 60% of new users.' }, BO);
    expect(done.entry).toMatchObject({ id: note.id, text: 'Logins fail for about 60% of new users.', at: note.at });
    expect(done.entry.history).toEqual([{ text: 'Logins fail for everyone.', at: note.at, by: BO, replacedAt: NOW }]);
    expect(done.record).toMatchObject({ kind: 'correction', author: BO, at: NOW, change: { field: note.id, from: 'Logins fail for everyone.', to: 'Logins fail for about 60% of new users.' } });
  });

  it('moves it in time, keeping where it was', () => {
    const to = at('2023-05-13', 19, 30);
    const done = correct({ op: 'move', at: to }, ANA);
    expect(done.entry.at).toBe(to);
    expect(done.entry.history?.[0]?.at).toBe(note.at);
    expect(done.record.change).toEqual({ field: note.id, from: String(note.at), to: String(to) });
  });

  it('strikes it without removing it', () => {
    const done = correct({ op: 'delete' }, ANA);
    expect(done.entry).toMatchObject({ text: note.text, deleted: { by: ANA, at: NOW } });
    expect(() => correct({ op: 'delete' }, ANA, done.entry)).toThrow(/already deleted/);
  });

  it("is allowed to the entry's author and the commander only", () => {
    expect(() => correct({ op: 'edit', text: 'It was the CDN.' }, CY)).toThrow(new StateError(`Only <@${BO}>, who wrote it, or the incident commander (<@${ANA}>) can correct E2.`));
  });

  it.each<[TimelineKind, RegExp]>([
    ['status', /`\/incident status <status>`/],
    ['severity', /`\/incident severity <sev1-4>`/],
    ['time', /`\/incident time <moment> <time>`/],
    ['field', /`\/incident summary\|impact\|cause\|resolution <text>`/],
    ['action', /`\/incident action …`/],
    ['pin', /edit or delete the message in Slack/],
    ['escalation', /add a note that explains/],
  ])('refuses to edit a %s entry and names what corrects it', (kind, how) => {
    const e = entry(kind, note.at, 'recorded by the bot');
    expect(() => correct({ op: 'edit', text: 'x' }, ANA, e)).toThrow(how);
  });

  it('refuses an edit that changes nothing, or an empty text', () => {
    expect(() => correct({ op: 'edit', text: 'Logins fail for everyone.' }, BO)).toThrow(/already says exactly that/);
    expect(() => correct({ op: 'edit', text: '  ' }, BO)).toThrow(/Write the corrected text/);
  });
});

describe('exact durations', () => {
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [2 * 3_600_000, '2 hours'],
    [105 * 60_000, '1 hour 45 minutes'],
    [(24 * 60 + 14) * 60_000, '1 day 0 hours 14 minutes'],
    [(75 * 60 + 8) * 60_000 + 59_000, '3 days 3 hours 8 minutes'],
    [3 * 86_400_000, '3 days'],
    [(1857 * 24 * 60 + 5 * 60) * 60_000, '1857 days 5 hours'],
  ])('%d ms is %s', (ms, text) => {
    expect(formatExactDuration(ms)).toBe(text);
  });
});
