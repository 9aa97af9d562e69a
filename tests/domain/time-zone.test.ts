import { describe, expect, it } from 'vitest';
import {
  formatUtcOffset,
  instantsAtWallClock,
  isValidTimeZone,
  tzAbbreviation,
  wallClockToInstant,
} from '../../src/domain/time-zone.js';

const utc = (iso: string): number => Date.parse(iso);
const WINTER = utc('2026-01-15T12:00:00Z');
const SUMMER = utc('2026-07-15T12:00:00Z');

describe('isValidTimeZone', () => {
  it('accepts the Region/City names incidents are configured with', () => {
    for (const zone of ['Africa/Nairobi', 'America/Los_Angeles', 'Pacific/Auckland', 'Etc/UTC', 'UTC', 'US/Pacific']) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });

  it('rejects made-up zones, empty input and raw offsets', () => {
    for (const zone of ['Mars/Olympus', 'Africa/Nairobbi', '', '   ', '+03:00', 'GMT+3']) {
      expect(isValidTimeZone(zone), zone).toBe(false);
    }
  });

  it('rejects bare abbreviations, because "EST" would silently mean Panama without daylight time', () => {
    for (const zone of ['EST', 'PST', 'EAT', 'IST', 'CET']) {
      expect(isValidTimeZone(zone), zone).toBe(false);
    }
  });
});

describe('tzAbbreviation', () => {
  it('calls Nairobi EAT all year, although Node itself says GMT+3', () => {
    expect(tzAbbreviation('Africa/Nairobi', WINTER)).toBe('EAT');
    expect(tzAbbreviation('Africa/Nairobi', SUMMER)).toBe('EAT');
  });

  it.each([
    ['America/Los_Angeles', 'PST', 'PDT'],
    ['America/New_York', 'EST', 'EDT'],
    ['America/Chicago', 'CST', 'CDT'],
    ['America/Denver', 'MST', 'MDT'],
    ['Europe/London', 'GMT', 'BST'],
    ['Europe/Berlin', 'CET', 'CEST'],
    ['Europe/Athens', 'EET', 'EEST'],
    ['Europe/Dublin', 'GMT', 'IST'],
    ['Asia/Jerusalem', 'IST', 'IDT'],
  ])('switches %s from %s in January to %s in July', (zone, winter, summer) => {
    expect(tzAbbreviation(zone, WINTER)).toBe(winter);
    expect(tzAbbreviation(zone, SUMMER)).toBe(summer);
  });

  it.each([
    ['Australia/Sydney', 'AEDT', 'AEST'],
    ['Pacific/Auckland', 'NZDT', 'NZST'],
    ['America/Santiago', 'CLST', 'CLT'],
  ])('knows %s has its summer time in January (%s) and standard time in July (%s)', (zone, january, july) => {
    expect(tzAbbreviation(zone, WINTER)).toBe(january);
    expect(tzAbbreviation(zone, SUMMER)).toBe(july);
  });

  it.each([
    ['UTC', 'UTC'],
    ['Etc/UTC', 'UTC'],
    ['Asia/Kolkata', 'IST'],
    ['Asia/Tokyo', 'JST'],
    ['Asia/Singapore', 'SGT'],
    ['Africa/Lagos', 'WAT'],
    ['Africa/Johannesburg', 'SAST'],
    ['America/Sao_Paulo', 'BRT'],
    ['America/Phoenix', 'MST'],
    ['Australia/Brisbane', 'AEST'],
  ])('gives %s its one usual abbreviation %s in both seasons', (zone, abbreviation) => {
    expect(tzAbbreviation(zone, WINTER)).toBe(abbreviation);
    expect(tzAbbreviation(zone, SUMMER)).toBe(abbreviation);
  });

  it('changes from PST to PDT at the exact instant Los Angeles springs forward', () => {
    expect(tzAbbreviation('America/Los_Angeles', utc('2026-03-08T09:59:59Z'))).toBe('PST');
    expect(tzAbbreviation('America/Los_Angeles', utc('2026-03-08T10:00:00Z'))).toBe('PDT');
  });

  it('changes from PDT back to PST at the exact instant Los Angeles falls back', () => {
    expect(tzAbbreviation('America/Los_Angeles', utc('2026-11-01T08:59:59Z'))).toBe('PDT');
    expect(tzAbbreviation('America/Los_Angeles', utc('2026-11-01T09:00:00Z'))).toBe('PST');
  });

  it('finds the abbreviation of an old alias through its canonical zone', () => {
    expect(tzAbbreviation('US/Pacific', SUMMER)).toBe('PDT');
    expect(tzAbbreviation('Asia/Calcutta', SUMMER)).toBe('IST');
  });

  it('falls back to the runtime name when it is alphabetic (Regina is CST)', () => {
    expect(tzAbbreviation('America/Regina', SUMMER)).toBe('CST');
  });

  it('falls back to a UTC offset when nobody has a name for the zone', () => {
    expect(tzAbbreviation('Asia/Dhaka', SUMMER)).toBe('UTC+6');
    expect(tzAbbreviation('Asia/Colombo', SUMMER)).toBe('UTC+5:30');
    expect(tzAbbreviation('Pacific/Marquesas', SUMMER)).toBe('UTC-9:30');
    expect(tzAbbreviation('Etc/GMT+5', SUMMER)).toBe('UTC-5');
  });

  it('refuses an unknown zone instead of quietly showing UTC', () => {
    expect(() => tzAbbreviation('Mars/Olympus', SUMMER)).toThrow(RangeError);
  });
});

describe('formatUtcOffset', () => {
  it('writes whole hours without minutes, and zero as plain UTC', () => {
    expect(formatUtcOffset(180)).toBe('UTC+3');
    expect(formatUtcOffset(-300)).toBe('UTC-5');
    expect(formatUtcOffset(0)).toBe('UTC');
  });

  it('keeps the minutes of half- and quarter-hour zones', () => {
    expect(formatUtcOffset(-330)).toBe('UTC-5:30');
    expect(formatUtcOffset(345)).toBe('UTC+5:45');
  });
});

describe('instantsAtWallClock', () => {
  const la = 'America/Los_Angeles';

  it('finds exactly one instant for an ordinary evening in Nairobi', () => {
    expect(instantsAtWallClock({ year: 2023, month: 5, day: 13 }, 19, 5, 'Africa/Nairobi')).toEqual([
      utc('2023-05-13T16:05:00Z'),
    ]);
  });

  it('finds none for 2:30 AM on the morning Los Angeles springs forward', () => {
    expect(instantsAtWallClock({ year: 2026, month: 3, day: 8 }, 2, 30, la)).toEqual([]);
  });

  it('finds both 1:30 AMs, earliest first, on the morning Los Angeles falls back', () => {
    expect(instantsAtWallClock({ year: 2026, month: 11, day: 1 }, 1, 30, la)).toEqual([
      utc('2026-11-01T08:30:00Z'),
      utc('2026-11-01T09:30:00Z'),
    ]);
  });

  it('finds both 2:30 AMs when Auckland falls back in April', () => {
    expect(instantsAtWallClock({ year: 2026, month: 4, day: 5 }, 2, 30, 'Pacific/Auckland')).toEqual([
      utc('2026-04-04T13:30:00Z'),
      utc('2026-04-04T14:30:00Z'),
    ]);
  });

  it('maps a skipped time to where the clocks jumped, and flags it', () => {
    expect(wallClockToInstant({ year: 2026, month: 3, day: 8 }, 2, 30, la)).toEqual({
      at: utc('2026-03-08T10:30:00Z'),
      skipped: true,
    });
  });

  it('maps an ambiguous time to its first occurrence, unflagged', () => {
    expect(wallClockToInstant({ year: 2026, month: 11, day: 1 }, 1, 30, la)).toEqual({
      at: utc('2026-11-01T08:30:00Z'),
      skipped: false,
    });
  });
});
