import { afterEach, describe, expect, it } from 'vitest';
import { extractDue, parseDueDate } from '../../src/domain/due-date.js';
import { formatDayTime, localDate, makeTimelineFormatter, spansDays } from '../../src/domain/time-format.js';
import { parseWallClock, splitLeadingTime } from '../../src/domain/time-parse.js';
import { tzAbbreviation } from '../../src/domain/time-zone.js';

/**
 * The suite pins TZ=UTC, which would hide any code that leans on the server's own zone when
 * the server happens to run in UTC. Here the same calls run under process zones far from UTC
 * in both directions and must give identical answers.
 */

const utc = (iso: string): number => Date.parse(iso);
const originalTz = process.env.TZ;

function everything(): unknown[] {
  const kimby = { zone: 'Africa/Nairobi', reference: utc('2023-05-13T16:00:00Z'), now: utc('2023-05-13T18:30:00Z') };
  const overnight = { zone: 'Pacific/Auckland', reference: utc('2026-05-19T11:30:00Z'), now: utc('2026-05-19T13:00:00Z') };
  const laSpring = { zone: 'America/Los_Angeles', reference: utc('2026-03-08T09:00:00Z'), now: utc('2026-03-08T13:00:00Z') };
  const kiritimati = { zone: 'Pacific/Kiritimati', now: utc('2026-05-15T10:30:00Z') };
  const pagoPago = { zone: 'Pacific/Pago_Pago', now: utc('2026-05-15T10:30:00Z') };
  const instants = [utc('2023-05-13T16:00:00Z'), utc('2023-05-13T22:00:00Z')];
  return [
    parseWallClock('7:05 PM', kimby),
    parseWallClock('12:10 AM', overnight),
    parseWallClock('2:30 AM', laSpring),
    parseWallClock('3:15 AM', laSpring),
    splitLeadingTime('2023-05-13 7:05 PM paged', kimby),
    formatDayTime(utc('2023-05-13T22:30:00Z'), 'Africa/Nairobi'),
    formatDayTime(utc('2026-05-19T13:00:00Z'), 'Pacific/Auckland'),
    localDate(utc('2026-05-15T10:30:00Z'), 'Pacific/Kiritimati'),
    localDate(utc('2026-05-15T10:30:00Z'), 'Pacific/Pago_Pago'),
    spansDays(instants, 'Africa/Nairobi'),
    spansDays(instants, 'America/Los_Angeles'),
    instants.map(makeTimelineFormatter(instants, 'Africa/Nairobi')),
    tzAbbreviation('America/Los_Angeles', utc('2026-03-08T10:00:00Z')),
    parseDueDate('tomorrow', kiritimati),
    parseDueDate('tomorrow', pagoPago),
    parseDueDate('friday', kiritimati),
    parseDueDate('May 16', pagoPago),
    parseDueDate('in 3 days', { zone: 'America/Los_Angeles', now: utc('2026-03-08T07:30:00Z') }),
    extractDue('Fix it due next monday corrective', pagoPago),
  ];
}

describe('results do not depend on the server process time zone', () => {
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it.each(['Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Los_Angeles', 'Asia/Kolkata'])(
    'gives the same answers under TZ=%s as under TZ=UTC',
    (processZone) => {
      process.env.TZ = 'UTC';
      const underUtc = everything();
      process.env.TZ = processZone;
      // Proves the switch took effect; otherwise this test could not fail.
      expect(new Date(utc('2026-05-15T10:30:00Z')).getTimezoneOffset()).not.toBe(0);
      expect(everything()).toEqual(underUtc);
    },
  );

  it('gives the right answers under TZ=Pacific/Kiritimati, so the comparison above is not between two wrong results', () => {
    process.env.TZ = 'Pacific/Kiritimati';
    const results = everything();
    expect(results[0]).toEqual({ ok: true, at: utc('2023-05-13T16:05:00Z') });
    expect(results[1]).toEqual({ ok: true, at: utc('2026-05-19T12:10:00Z') });
    expect(results[7]).toBe('2026-05-16');
    expect(results[8]).toBe('2026-05-14');
    expect(results[13]).toEqual({ ok: true, date: '2026-05-17' });
    expect(results[14]).toEqual({ ok: true, date: '2026-05-15' });
    expect(results[16]).toEqual({ ok: true, date: '2026-05-16' });
  });
});
