import { describe, expect, it } from 'vitest';
import {
  formatAge,
  formatClock,
  formatDay,
  formatDayTime,
  formatDuration,
  localDate,
  makeTimelineFormatter,
  spansDays,
} from '../../src/domain/time-format.js';

const utc = (iso: string): number => Date.parse(iso);
const NAIROBI = 'Africa/Nairobi';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The reference incident: May 13 2023, 7:00–9:00 PM EAT. */
const KIMBY = {
  detected: utc('2023-05-13T16:00:00Z'),
  alerted: utc('2023-05-13T16:05:00Z'),
  rolledBack: utc('2023-05-13T17:45:00Z'),
  resolved: utc('2023-05-13T18:00:00Z'),
};

describe('formatClock / formatDay / formatDayTime', () => {
  it('shows 16:05 UTC as "7:05 PM EAT" in Nairobi', () => {
    expect(formatClock(KIMBY.alerted, NAIROBI)).toBe('7:05 PM EAT');
  });

  it('shows the same instant as "9:05 AM PDT" in Los Angeles', () => {
    expect(formatClock(KIMBY.alerted, 'America/Los_Angeles')).toBe('9:05 AM PDT');
  });

  it('shows the day of the incident as "May 13, 2023"', () => {
    expect(formatDay(KIMBY.alerted, NAIROBI)).toBe('May 13, 2023');
  });

  it('combines day and clock as "May 13, 2023 7:05 PM EAT"', () => {
    expect(formatDayTime(KIMBY.alerted, NAIROBI)).toBe('May 13, 2023 7:05 PM EAT');
  });

  it('puts 22:30 UTC on the next day in Nairobi but not in UTC', () => {
    const lateEvening = utc('2023-05-13T22:30:00Z');
    expect(formatDayTime(lateEvening, NAIROBI)).toBe('May 14, 2023 1:30 AM EAT');
    expect(formatDayTime(lateEvening, 'UTC')).toBe('May 13, 2023 10:30 PM UTC');
  });

  it('writes midnight and noon as 12:00 AM and 12:00 PM', () => {
    expect(formatClock(utc('2023-05-13T21:00:00Z'), NAIROBI)).toBe('12:00 AM EAT');
    expect(formatClock(utc('2023-05-13T09:00:00Z'), NAIROBI)).toBe('12:00 PM EAT');
  });

  it('labels the repeated 1:30 AM in Los Angeles as PDT the first time and PST the second', () => {
    expect(formatClock(utc('2026-11-01T08:30:00Z'), 'America/Los_Angeles')).toBe('1:30 AM PDT');
    expect(formatClock(utc('2026-11-01T09:30:00Z'), 'America/Los_Angeles')).toBe('1:30 AM PST');
  });

  it('shows a winter London evening in GMT and a summer one in BST', () => {
    expect(formatDayTime(utc('2026-01-10T19:00:00Z'), 'Europe/London')).toBe('Jan 10, 2026 7:00 PM GMT');
    expect(formatDayTime(utc('2026-07-10T19:00:00Z'), 'Europe/London')).toBe('Jul 10, 2026 8:00 PM BST');
  });

  it('refuses an unknown zone rather than falling back to the server clock', () => {
    expect(() => formatClock(KIMBY.alerted, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('localDate', () => {
  it('gives the date of the incident in its own zone', () => {
    expect(localDate(KIMBY.alerted, NAIROBI)).toBe('2023-05-13');
  });

  it('is already tomorrow in Auckland while UTC is still on today', () => {
    const instant = utc('2026-05-19T13:00:00Z');
    expect(localDate(instant, 'UTC')).toBe('2026-05-19');
    expect(localDate(instant, 'Pacific/Auckland')).toBe('2026-05-20');
  });

  it('is still yesterday in Pago Pago', () => {
    expect(localDate(utc('2026-05-15T10:30:00Z'), 'Pacific/Pago_Pago')).toBe('2026-05-14');
  });
});

describe('spansDays', () => {
  const eveningUtc = [utc('2023-05-13T16:00:00Z'), utc('2023-05-13T22:00:00Z')];

  it('says the Kimby incident stayed on one day in Nairobi', () => {
    expect(spansDays(Object.values(KIMBY), NAIROBI)).toBe(false);
  });

  it('says 16:00–22:00 UTC spans two days in Nairobi (7 PM to 1 AM) but one in UTC and Los Angeles', () => {
    expect(spansDays(eveningUtc, NAIROBI)).toBe(true);
    expect(spansDays(eveningUtc, 'UTC')).toBe(false);
    expect(spansDays(eveningUtc, 'America/Los_Angeles')).toBe(false);
  });

  it('treats no instants and a single instant as one day', () => {
    expect(spansDays([], NAIROBI)).toBe(false);
    expect(spansDays([KIMBY.alerted], NAIROBI)).toBe(false);
  });
});

describe('makeTimelineFormatter', () => {
  it('shows only clocks for the Kimby timeline, which stayed on May 13', () => {
    const show = makeTimelineFormatter(Object.values(KIMBY), NAIROBI);
    expect(show(KIMBY.detected)).toBe('7:00 PM EAT');
    expect(show(KIMBY.rolledBack)).toBe('8:45 PM EAT');
    expect(show(KIMBY.resolved)).toBe('9:00 PM EAT');
  });

  it('adds dates to every line once the incident crosses local midnight', () => {
    const declared = utc('2023-05-13T20:30:00Z');
    const mitigated = utc('2023-05-13T21:10:00Z');
    const show = makeTimelineFormatter([declared, mitigated], NAIROBI);
    expect(show(declared)).toBe('May 13, 2023 11:30 PM EAT');
    expect(show(mitigated)).toBe('May 14, 2023 12:10 AM EAT');
  });

  it('shows the same UTC instants with dates in Nairobi but clocks only in Los Angeles', () => {
    const instants = [utc('2023-05-13T16:00:00Z'), utc('2023-05-13T22:00:00Z')];
    expect(makeTimelineFormatter(instants, NAIROBI)(utc('2023-05-13T22:00:00Z'))).toBe('May 14, 2023 1:00 AM EAT');
    expect(makeTimelineFormatter(instants, 'America/Los_Angeles')(utc('2023-05-13T22:00:00Z'))).toBe('3:00 PM PDT');
  });

  it('still dates an instant that is off the one day the timeline covers', () => {
    const show = makeTimelineFormatter(Object.values(KIMBY), NAIROBI);
    expect(show(KIMBY.alerted + DAY)).toBe('May 14, 2023 7:05 PM EAT');
  });
});

describe('formatDuration', () => {
  it('says "2 hours" for the Kimby incident, 7 PM to 9 PM', () => {
    expect(formatDuration(KIMBY.resolved - KIMBY.detected)).toBe('2 hours');
  });

  it.each([
    [65 * MINUTE, '1 hour 5 minutes'],
    [45 * MINUTE, '45 minutes'],
    [1 * MINUTE, '1 minute'],
    [167 * MINUTE, '2 hours 47 minutes'],
    [DAY, '1 day'],
    [3 * DAY + 2 * HOUR + 5 * MINUTE, '3 days 2 hours'],
    [3 * DAY + 5 * MINUTE, '3 days'],
    [DAY + HOUR, '1 day 1 hour'],
  ])('writes %i ms as "%s"', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('says "less than a minute" below 60 seconds, including zero', () => {
    expect(formatDuration(59_999)).toBe('less than a minute');
    expect(formatDuration(0)).toBe('less than a minute');
  });

  it('never rounds up: 1 hour 59 minutes 59 seconds is not 2 hours', () => {
    expect(formatDuration(2 * HOUR - 1000)).toBe('1 hour 59 minutes');
  });

  it('describes a negative span (end before start) by its length', () => {
    expect(formatDuration(-90 * MINUTE)).toBe('1 hour 30 minutes');
  });

  it('throws on NaN, which means a missing time upstream', () => {
    expect(() => formatDuration(Number.NaN)).toThrow(RangeError);
  });
});

describe('formatAge', () => {
  it.each([
    [5 * MINUTE, '5m'],
    [2 * HOUR + 10 * MINUTE, '2h 10m'],
    [2 * HOUR, '2h'],
    [3 * DAY + 4 * HOUR + 59 * MINUTE, '3d 4h'],
    [30_000, '<1m'],
  ])('writes %i ms compactly as "%s"', (ms, expected) => {
    expect(formatAge(ms)).toBe(expected);
  });
});
