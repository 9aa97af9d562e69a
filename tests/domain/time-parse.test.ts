import { describe, expect, it } from 'vitest';
import { ACCEPTED_TIME_FORMS, parseWallClock, splitLeadingTime, type TimeParseResult } from '../../src/domain/time-parse.js';

const utc = (iso: string): number => Date.parse(iso);

/** The reference incident: started May 13 2023 at 7:00 PM EAT; it is now 9:30 PM EAT. */
const KIMBY = { zone: 'Africa/Nairobi', reference: utc('2023-05-13T16:00:00Z'), now: utc('2023-05-13T18:30:00Z') };

/** Started 1:00 AM PST on the morning Los Angeles springs forward; it is now 6:00 AM PDT. */
const LA_SPRING = { zone: 'America/Los_Angeles', reference: utc('2026-03-08T09:00:00Z'), now: utc('2026-03-08T13:00:00Z') };

/** Started 12:30 AM PDT on the morning Los Angeles falls back; it is now 4:00 AM PST. */
const LA_FALL = { zone: 'America/Los_Angeles', reference: utc('2026-11-01T07:30:00Z'), now: utc('2026-11-01T12:00:00Z') };

/** Started 11:30 PM EAT on May 13; it is now 1:00 AM EAT on May 14. */
const OVERNIGHT = { zone: 'Africa/Nairobi', reference: utc('2023-05-13T20:30:00Z'), now: utc('2023-05-13T22:00:00Z') };

function instant(result: TimeParseResult): string {
  if (!result.ok) throw new Error(`expected a time, got: ${result.error}`);
  return new Date(result.at).toISOString();
}

function error(result: { ok: true } | { ok: false; error: string }): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseWallClock in the Nairobi reference incident', () => {
  it('reads "7:05 PM" on the incident day in Nairobi as 16:05 UTC', () => {
    expect(instant(parseWallClock('7:05 PM', KIMBY))).toBe('2023-05-13T16:05:00.000Z');
  });

  it.each(['19:05', '7:05 PM', '7:05pm', '7:05 pm', '7:05PM', '7:05 Pm', '7:05 p.m.', '2023-05-13 19:05', '2023-05-13 7:05 PM', '2023-05-13T19:05', '2023-05-13t7:05pm', '  7:05   PM  '])(
    'reads %j as 7:05 PM EAT',
    (input) => {
      expect(instant(parseWallClock(input, KIMBY))).toBe('2023-05-13T16:05:00.000Z');
    },
  );

  it.each(['7 PM', '7pm', '7 pm', '19:00'])('reads %j as 7:00 PM EAT, the start of the incident', (input) => {
    expect(instant(parseWallClock(input, KIMBY))).toBe('2023-05-13T16:00:00.000Z');
  });

  it('reads "12 PM" as noon and "12:30 AM" as half past midnight of the incident day', () => {
    expect(instant(parseWallClock('12 PM', KIMBY))).toBe('2023-05-13T09:00:00.000Z');
    expect(instant(parseWallClock('12:30 AM', { ...KIMBY, reference: utc('2023-05-13T06:00:00Z') }))).toBe(
      '2023-05-12T21:30:00.000Z',
    );
  });

  it('reads a time before the incident started on the same day (detection came first)', () => {
    expect(instant(parseWallClock('6:40 PM', KIMBY))).toBe('2023-05-13T15:40:00.000Z');
  });

  it('reads an explicit earlier date', () => {
    expect(instant(parseWallClock('2023-05-12 23:50', KIMBY))).toBe('2023-05-12T20:50:00.000Z');
  });
});

describe('parseWallClock rejects what it cannot read', () => {
  it.each([
    ['25:00', 'hours go from 0 to 23'],
    ['24:00', 'hours go from 0 to 23'],
    ['7:61 PM', 'minutes go from 00 to 59'],
    ['13:05 PM', 'hours go from 1 to 12'],
    ['0:30 AM', 'hours go from 1 to 12'],
    ['2023-02-29 19:05', '2023-02-29 is not a date on the calendar'],
  ])('explains why %j is not a valid time', (input, why) => {
    const message = error(parseWallClock(input, KIMBY));
    expect(message).toContain(`"${input}"`);
    expect(message).toContain(why);
    expect(message).toContain(ACCEPTED_TIME_FORMS);
  });

  it.each(['noon', '7', '7:5', '19:05:30', '7.05 pm', 'abc', '7:05 XM', '2023-05-13', 'at 7:05'])(
    'says it could not read %j and lists the accepted forms',
    (input) => {
      const message = error(parseWallClock(input, KIMBY));
      expect(message).toContain(`"${input}"`);
      expect(message).toContain(ACCEPTED_TIME_FORMS);
    },
  );

  it('asks for a time when given nothing', () => {
    expect(error(parseWallClock('   ', KIMBY))).toMatch(/^No time given\. Use one of: /);
  });

  it('lists the accepted forms, natural ones included', () => {
    expect(ACCEPTED_TIME_FORMS).toBe('`19:05`, `7:05 PM`, `at 14:05`, `2023-05-13 19:05`, `yesterday 17:05`, `10 min ago`, `2 hours ago`');
  });

  it('throws for an unknown zone, which is a configuration bug rather than a typo', () => {
    expect(() => parseWallClock('7:05 PM', { ...KIMBY, zone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});

describe('parseWallClock rejects future times', () => {
  const atEight = { ...KIMBY, now: utc('2023-05-13T17:00:00Z') };

  it('rejects 8:30 PM when it is only 8:00 PM, showing both times', () => {
    const message = error(parseWallClock('8:30 PM', atEight));
    expect(message).toMatch(/^That time is in the future: /);
    expect(message).toContain('May 13, 2023 8:30 PM EAT');
    expect(message).toContain('May 13, 2023 8:00 PM EAT');
  });

  it('allows one minute of clock skew but not two', () => {
    expect(instant(parseWallClock('8:00 PM', atEight))).toBe('2023-05-13T17:00:00.000Z');
    expect(instant(parseWallClock('8:01 PM', atEight))).toBe('2023-05-13T17:01:00.000Z');
    expect(error(parseWallClock('8:02 PM', atEight))).toMatch(/^That time is in the future/);
  });

  it('suggests writing the date when an undated time turned out to be in the future', () => {
    expect(error(parseWallClock('11:55 PM', atEight))).toContain('`2023-05-12 11:55 PM`');
  });

  it('rejects a dated future time without suggesting another date', () => {
    const message = error(parseWallClock('2023-05-14 7:00 PM', atEight));
    expect(message).toMatch(/^That time is in the future/);
    expect(message).not.toContain('day before');
  });
});

describe('parseWallClock for an incident that crossed midnight', () => {
  it('keeps 11:45 PM on the day the incident started', () => {
    expect(instant(parseWallClock('11:45 PM', OVERNIGHT))).toBe('2023-05-13T20:45:00.000Z');
  });

  it.each(['12:10 AM', '00:10', '0:10', '2023-05-14 00:10'])('reads %j as ten past midnight on the next day', (input) => {
    expect(instant(parseWallClock(input, OVERNIGHT))).toBe('2023-05-13T21:10:00.000Z');
  });

  it('keeps a time exactly 12 hours before the start on the same day', () => {
    expect(instant(parseWallClock('11:30 AM', OVERNIGHT))).toBe('2023-05-13T08:30:00.000Z');
  });

  it('moves a time more than 12 hours before the start to the next day, where it is still in the future', () => {
    expect(error(parseWallClock('11:29 AM', OVERNIGHT))).toContain('May 14, 2023 11:29 AM EAT');
  });
});

/** Declared at 12:11 AM EAT on May 14, a few minutes after midnight; it is now 12:13 AM EAT. */
const JUST_AFTER_MIDNIGHT = { zone: 'Africa/Nairobi', reference: utc('2023-05-13T21:11:00Z'), now: utc('2023-05-13T21:13:00Z') };

describe('parseWallClock for an incident declared just after midnight', () => {
  // The responder says when the errors began, twenty minutes before they declared: yesterday, by the clock.
  it.each(['11:50 PM', '23:50'])('reads %j as the evening before, not as tonight, 23 hours ahead', (input) => {
    expect(instant(parseWallClock(input, JUST_AFTER_MIDNIGHT))).toBe('2023-05-13T20:50:00.000Z');
  });

  it('does the same for a back-dated note', () => {
    const split = splitLeadingTime('11:50 PM checkout errors began', JUST_AFTER_MIDNIGHT);
    expect(split).toEqual({ ok: true, at: utc('2023-05-13T20:50:00Z'), rest: 'checkout errors began' });
  });

  it('still refuses a time later today that is more than 12 hours before the start on the day before', () => {
    expect(error(parseWallClock('5:14 AM', JUST_AFTER_MIDNIGHT))).toContain('That time is in the future');
  });
});

describe('parseWallClock across daylight saving time in Los Angeles', () => {
  it('reads 1:59 AM PST, a minute before clocks spring forward', () => {
    expect(instant(parseWallClock('1:59 AM', LA_SPRING))).toBe('2026-03-08T09:59:00.000Z');
  });

  it('reads 3:00 AM as PDT, the instant right after the jump', () => {
    expect(instant(parseWallClock('3:00 AM', LA_SPRING))).toBe('2026-03-08T10:00:00.000Z');
  });

  it.each(['2:30 AM', '2:00 AM', '02:30', '2026-03-08 2:30 AM'])(
    'says %j does not exist on the morning clocks went forward',
    (input) => {
      const message = error(parseWallClock(input, LA_SPRING));
      expect(message).toContain(`"${input}" does not exist on Mar 8, 2026 in America/Los_Angeles`);
      expect(message).toContain('clocks went forward 1 hour');
    },
  );

  it('suggests the time the clocks showed instead: 3:30 AM PDT for 2:30 AM', () => {
    expect(error(parseWallClock('2:30 AM', LA_SPRING))).toContain('Did you mean 3:30 AM PDT?');
  });

  it('reads the ambiguous 1:30 AM on the fall-back morning as its first occurrence (PDT)', () => {
    expect(instant(parseWallClock('1:30 AM', LA_FALL))).toBe('2026-11-01T08:30:00.000Z');
    expect(instant(parseWallClock('2026-11-01 1:30 AM', LA_FALL))).toBe('2026-11-01T08:30:00.000Z');
  });

  it('reads 2:00 AM on the fall-back morning once, in PST', () => {
    expect(instant(parseWallClock('2:00 AM', LA_FALL))).toBe('2026-11-01T10:00:00.000Z');
  });

  it('reads 12:59 AM on the fall-back morning in PDT', () => {
    expect(instant(parseWallClock('00:59', LA_FALL))).toBe('2026-11-01T07:59:00.000Z');
  });
});

describe('parseWallClock far from UTC', () => {
  it('uses the incident day in Kiritimati (UTC+14), which is a day ahead of UTC', () => {
    const opts = { zone: 'Pacific/Kiritimati', reference: utc('2026-05-15T11:00:00Z'), now: utc('2026-05-15T20:00:00Z') };
    expect(instant(parseWallClock('2:00 AM', opts))).toBe('2026-05-15T12:00:00.000Z');
  });

  it('uses the incident day in Pago Pago (UTC-11), which is a day behind UTC', () => {
    const opts = { zone: 'Pacific/Pago_Pago', reference: utc('2026-05-15T09:00:00Z'), now: utc('2026-05-15T12:00:00Z') };
    expect(instant(parseWallClock('10:30 PM', opts))).toBe('2026-05-15T09:30:00.000Z');
  });
});

describe('splitLeadingTime', () => {
  it.each([
    ['7:05 PM The team was alerted', 'The team was alerted'],
    ['7:05pm The team was alerted', 'The team was alerted'],
    ['19:05 The team was alerted', 'The team was alerted'],
    ['2023-05-13 19:05 The team was alerted', 'The team was alerted'],
    ['2023-05-13 7:05 PM The team was alerted', 'The team was alerted'],
    ['2023-05-13T19:05 The team was alerted', 'The team was alerted'],
    ['19:05, paged the DBAs', 'paged the DBAs'],
    ['7:05 PM: paged the DBAs', 'paged the DBAs'],
    ['19:05 - paged the DBAs', 'paged the DBAs'],
  ])('takes the time off the front of %j', (text, rest) => {
    const result = splitLeadingTime(text, KIMBY);
    expect(result).toEqual({ ok: true, at: utc('2023-05-13T16:05:00Z'), rest });
  });

  it('reads "7 PM" and "7pm" as a time, not text', () => {
    expect(splitLeadingTime('7 PM users report errors', KIMBY)).toEqual({
      ok: true,
      at: KIMBY.reference,
      rest: 'users report errors',
    });
    expect(splitLeadingTime('7pm users report errors', KIMBY)).toEqual({
      ok: true,
      at: KIMBY.reference,
      rest: 'users report errors',
    });
  });

  it('keeps the line breaks of a multi-line note', () => {
    const result = splitLeadingTime('19:05 first line\nsecond line', KIMBY);
    expect(result).toEqual({ ok: true, at: utc('2023-05-13T16:05:00Z'), rest: 'first line\nsecond line' });
  });

  it('returns an empty rest when the text is only a time', () => {
    expect(splitLeadingTime('19:05', KIMBY)).toEqual({ ok: true, at: utc('2023-05-13T16:05:00Z'), rest: '' });
  });

  it.each(['3 servers down', 'The team was alerted at 7:05 PM', 'noon standup moved', '2 apples', ''])(
    'leaves %j alone because it does not start with a time',
    (text) => {
      expect(splitLeadingTime(text, KIMBY)).toEqual({ ok: true, at: undefined, rest: text });
    },
  );

  it.each([
    ['25:00 foo', '"25:00"'],
    ['7:61pm x', '"7:61pm"'],
    ['13:05 PM x', '"13:05 PM"'],
    ['7.05 pm x', '"7.05 pm"'],
    ['13pm x', '"13pm"'],
    ['19:05:30 x', '"19:05:30"'],
    ['2023-05-13 deploy done', '"2023-05-13 deploy"'],
    ['2023-02-30 19:05 x', '"2023-02-30 19:05"'],
  ])('refuses to treat the mistyped time in %j as note text', (text, named) => {
    const message = error(splitLeadingTime(text, KIMBY));
    expect(message).toContain(named);
    expect(message).toContain(ACCEPTED_TIME_FORMS);
  });

  it('refuses a leading time in the future', () => {
    const atEight = { ...KIMBY, now: utc('2023-05-13T17:00:00Z') };
    expect(error(splitLeadingTime('8:30 PM rollback done', atEight))).toMatch(/^That time is in the future/);
  });

  it('refuses a leading time the clocks skipped', () => {
    expect(error(splitLeadingTime('2:30 AM paged', LA_SPRING))).toContain('does not exist');
  });

  it('reads a leading time after midnight as the next day', () => {
    expect(splitLeadingTime('00:10 mitigated', OVERNIGHT)).toEqual({
      ok: true,
      at: utc('2023-05-13T21:10:00Z'),
      rest: 'mitigated',
    });
  });
});
