import { describe, expect, it } from 'vitest';
import { buildCatchup } from '../../src/postmortem/catchup.js';
import { correctedRecord } from './golden-records.js';
import { action, ANA, BO } from './fixtures.js';

/** The catch-up, pure: what it says comes from the record, numbered as the timeline numbers it, and nothing else. */

describe('the catch-up of an incident in progress', () => {
  const r = correctedRecord();
  const c = buildCatchup({ ...r, incident: { ...r.incident, status: 'monitoring' }, actions: [action(1, { text: 'Raise the pool limit for good', incident: 7 })], now: r.now });

  it('gives status and severity with the entries that set them', () => {
    expect([c.status, c.statusSince?.ref, c.statusSince?.when]).toEqual(['monitoring', 'E12', '9:00 PM EAT']);
    expect([c.severity, c.severitySince?.ref, c.severitySince?.when]).toEqual(['SEV1', 'E9', '8:30 PM EAT']);
    expect(c.roles.map((x) => [x.label, x.user])).toEqual([['Incident commander', ANA], ['Communications lead', undefined], ['Scribe', 'U0CY']]);
  });

  it('quotes the last update as posted', () => {
    expect([c.lastUpdate?.ref, c.lastUpdate?.author]).toEqual(['E10', ANA]);
    expect(c.lastUpdate?.text).toMatch(/^We found the cause: the database ran out of connections\./);
  });

  it('tells what happened, newest last, leaving out struck entries and bookkeeping, and says how many are earlier', () => {
    // Told: E1 (declared), E2, E4 … E12; E3 was struck, E13 and E14 are corrections.
    expect(c.recent.map((e) => e.ref)).toEqual(['E5', 'E6', 'E7', 'E8', 'E9', 'E10', 'E11', 'E12']);
    expect(c.earlier).toBe(3);
    expect(c.recent.some((e) => e.text === 'Probably the CDN.')).toBe(false);
    expect(c.recent.some((e) => e.kind === 'correction')).toBe(false);
    expect(c.recent.find((e) => e.kind === 'pin')?.permalink).toMatch(/^https:/);
  });

  it('lists open action items and what the record does not say yet, with the command for each', () => {
    expect(c.openActions).toEqual([{ label: 'A1', text: 'Raise the pool limit for good', owner: undefined, due: undefined }]);
    expect(c.unknown).toEqual([
      'Who is affected and how: `/incident impact <text>`.',
      'When impact started: `/incident time started <time>`.',
      'The cause: not identified yet (`/incident status identified <what was found>`).',
      'Who owns A1: `/incident action assign <A#> @someone`.',
    ]);
  });

  it('never names someone who took no part', () => {
    const named = new Set([...c.recent.map((e) => e.author), c.lastUpdate?.author, ...c.roles.map((x) => x.user)].filter(Boolean));
    for (const user of named) expect(r.incident.participants).toContain(user);
    expect(named.has(ANA)).toBe(true);
    expect(named.has(BO)).toBe(false);
  });
});
