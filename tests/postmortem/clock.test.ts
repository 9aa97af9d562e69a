import { describe, expect, it } from 'vitest';
import { formatClock, formatDay, formatDayTime } from '../../src/domain/time-format.js';
import { zoneClock } from '../../src/postmortem/clock.js';

const HOUR = 3_600_000;

/** Every 13 minutes across a few days either side of a zone's clock changes, plus the changes themselves. */
function instantsAround(isoDays: string[]): number[] {
  const out: number[] = [];
  for (const day of isoDays) {
    const start = Date.parse(`${day}T00:00:00Z`) - 36 * HOUR;
    for (let at = start; at < start + 72 * HOUR; at += 13 * 60_000 + 13_000) out.push(at);
  }
  return out;
}

describe('the postmortem clock', () => {
  const cases: Array<[string, string[]]> = [
    ['Africa/Nairobi', ['2023-05-13']],
    ['America/New_York', ['2025-03-09', '2025-11-02']],
    ['Europe/London', ['2025-03-30', '2025-10-26']],
    ['Australia/Lord_Howe', ['2025-04-06', '2025-10-05']],
    ['Asia/Kathmandu', ['2025-01-01']],
    ['Asia/Yerevan', ['2025-06-01']],
    ['UTC', ['2024-02-29']],
  ];
  for (const [zone, days] of cases) {
    it(`shows the same text as the time formatter in ${zone}, across its clock changes`, () => {
      const clock = zoneClock(zone);
      for (const at of instantsAround(days)) {
        expect(clock.clock(at)).toBe(formatClock(at, zone));
        expect(clock.day(at)).toBe(formatDay(at, zone));
        expect(clock.dayTime(at)).toBe(formatDayTime(at, zone));
      }
    });
  }

  it('refuses a zone that does not exist, like the formatter', () => {
    expect(() => zoneClock('Mars/Olympus')).toThrow(RangeError);
  });
});
