import { describe, expect, it } from 'vitest';
import {
  ACCEPTED_DUE_FORMS,
  addWorkingDays,
  extractDue,
  isWorkingDay,
  parseDueDate,
  type DueDateResult,
} from '../../src/domain/due-date.js';

const utc = (iso: string): number => Date.parse(iso);
const NAIROBI = 'Africa/Nairobi';
const LA = 'America/Los_Angeles';
const AUCKLAND = 'Pacific/Auckland';

/** 12:00 EAT on Friday, May 15 2026. */
const FRIDAY_NOON = { zone: NAIROBI, now: utc('2026-05-15T09:00:00Z') };
/** 12:00 EAT on Wednesday, May 13 2026. */
const WEDNESDAY_NOON = { zone: NAIROBI, now: utc('2026-05-13T09:00:00Z') };
/** 12:00 EAT on Saturday, May 16 2026. */
const SATURDAY_NOON = { zone: NAIROBI, now: utc('2026-05-16T09:00:00Z') };

type Outcome = { ok: true } | { ok: false; error: string };

function date(result: DueDateResult | { ok: true; date: string | undefined } | { ok: false; error: string }): string | undefined {
  if (!result.ok) throw new Error(`expected a date, got: ${result.error}`);
  return result.date;
}

function error(result: Outcome): string {
  if (result.ok) throw new Error('expected an error');
  return result.error;
}

describe('parseDueDate: absolute dates', () => {
  it.each([
    ['2027-05-20', '2027-05-20'],
    ['2027-5-20', '2027-05-20'],
    ['May 20, 2027', '2027-05-20'],
    ['may 20 2027', '2027-05-20'],
    ['20 May 2027', '2027-05-20'],
    ['May 20', '2026-05-20'],
    ['May 20th', '2026-05-20'],
    ['5/20', '2026-05-20'],
    ['Dec 31', '2026-12-31'],
  ])('reads %j said on May 15 2026 as %s', (input, expected) => {
    expect(date(parseDueDate(input, FRIDAY_NOON))).toBe(expected);
  });

  it('reads "May 20" said at 5 PM on May 20 as today, not next year (the chrono forwardDate pitfall)', () => {
    const opts = { zone: NAIROBI, now: utc('2026-05-20T14:00:00Z') };
    expect(date(parseDueDate('May 20', opts))).toBe('2026-05-20');
  });

  it('reads "May 20" said on May 21 as next year', () => {
    const opts = { zone: NAIROBI, now: utc('2026-05-21T06:00:00Z') };
    expect(date(parseDueDate('May 20', opts))).toBe('2027-05-20');
  });

  it('reads "May 20" as today in Auckland while it is still May 19 in UTC', () => {
    const opts = { zone: AUCKLAND, now: utc('2026-05-19T13:00:00Z') };
    expect(date(parseDueDate('May 20', opts))).toBe('2026-05-20');
    expect(date(parseDueDate('today', opts))).toBe('2026-05-20');
  });

  it('reads "May 20" as next year in Auckland once May 21 has begun there, though UTC is on May 20', () => {
    const opts = { zone: AUCKLAND, now: utc('2026-05-20T13:00:00Z') };
    expect(date(parseDueDate('May 20', opts))).toBe('2027-05-20');
  });

  it('reads "jan 2" said in May as January of next year', () => {
    expect(date(parseDueDate('jan 2', FRIDAY_NOON))).toBe('2027-01-02');
  });

  it('reads "Feb 29" said the day after a leap day as the next Feb 29 that exists, four years on', () => {
    const opts = { zone: NAIROBI, now: utc('2028-03-01T09:00:00Z') };
    expect(date(parseDueDate('Feb 29', opts))).toBe('2032-02-29');
  });

  it('reads "Feb 29 2028" with its year', () => {
    const opts = { zone: NAIROBI, now: utc('2027-12-01T09:00:00Z') };
    expect(date(parseDueDate('Feb 29 2028', opts))).toBe('2028-02-29');
  });
});

describe('parseDueDate: relative dates', () => {
  it.each([
    ['today', '2026-05-15'],
    ['tomorrow', '2026-05-16'],
    ['Tomorrow', '2026-05-16'],
    ['tmrw', '2026-05-16'],
    ['in 3 days', '2026-05-18'],
    ['in three days', '2026-05-18'],
    ['in a week', '2026-05-22'],
    ['next week', '2026-05-22'],
    ['in 2 weeks', '2026-05-29'],
    ['in 1 month', '2026-06-15'],
    ['the day after tomorrow', '2026-05-17'],
    ['by tomorrow.', '2026-05-16'],
  ])('reads %j said on Friday May 15 2026 as %s', (input, expected) => {
    expect(date(parseDueDate(input, FRIDAY_NOON))).toBe(expected);
  });

  it('crosses a month end: "tomorrow" and "in 3 days" on Jan 31', () => {
    const opts = { zone: NAIROBI, now: utc('2026-01-31T09:00:00Z') };
    expect(date(parseDueDate('tomorrow', opts))).toBe('2026-02-01');
    expect(date(parseDueDate('in 3 days', opts))).toBe('2026-02-03');
  });

  it('lands on Feb 29 in a leap year', () => {
    const opts = { zone: NAIROBI, now: utc('2028-02-28T09:00:00Z') };
    expect(date(parseDueDate('tomorrow', opts))).toBe('2028-02-29');
  });

  it('crosses the year end in Auckland, where 2027 starts eleven hours before UTC', () => {
    const opts = { zone: AUCKLAND, now: utc('2026-12-31T11:30:00Z') }; // 12:30 AM, Jan 1 2027 NZDT
    expect(date(parseDueDate('today', opts))).toBe('2027-01-01');
    expect(date(parseDueDate('tomorrow', opts))).toBe('2027-01-02');
    expect(date(parseDueDate('Dec 31', opts))).toBe('2027-12-31');
  });

  it('treats the same instant as Dec 31 2026 in Los Angeles', () => {
    const opts = { zone: LA, now: utc('2026-12-31T11:30:00Z') }; // 3:30 AM PST
    expect(date(parseDueDate('Dec 31', opts))).toBe('2026-12-31');
    expect(date(parseDueDate('tomorrow', opts))).toBe('2027-01-01');
  });

  it('reads "tomorrow" just after midnight in Kiritimati (UTC+14) as two UTC days ahead', () => {
    const opts = { zone: 'Pacific/Kiritimati', now: utc('2026-05-15T10:30:00Z') }; // 12:30 AM, May 16
    expect(date(parseDueDate('tomorrow', opts))).toBe('2026-05-17');
  });

  it('reads "tomorrow" just before midnight in Pago Pago (UTC-11) as the UTC date', () => {
    const opts = { zone: 'Pacific/Pago_Pago', now: utc('2026-05-15T10:30:00Z') }; // 11:30 PM, May 14
    expect(date(parseDueDate('tomorrow', opts))).toBe('2026-05-15');
  });

  it('counts days across the night Los Angeles springs forward', () => {
    const lateSaturday = { zone: LA, now: utc('2026-03-08T07:30:00Z') }; // 11:30 PM PST, Mar 7
    expect(date(parseDueDate('tomorrow', lateSaturday))).toBe('2026-03-08');
    expect(date(parseDueDate('in 3 days', lateSaturday))).toBe('2026-03-10');
  });

  it('counts days across the night Los Angeles falls back', () => {
    const lateSaturday = { zone: LA, now: utc('2026-11-01T06:30:00Z') }; // 11:30 PM PDT, Oct 31
    expect(date(parseDueDate('tomorrow', lateSaturday))).toBe('2026-11-01');
    expect(date(parseDueDate('in 2 days', lateSaturday))).toBe('2026-11-02');
  });

  it('counts days across the night Auckland springs forward', () => {
    const lateSaturday = { zone: AUCKLAND, now: utc('2026-09-26T11:30:00Z') }; // 11:30 PM NZST, Sep 26
    expect(date(parseDueDate('tomorrow', lateSaturday))).toBe('2026-09-27');
    expect(date(parseDueDate('in 2 days', lateSaturday))).toBe('2026-09-28');
  });
});

describe('parseDueDate: weekdays', () => {
  it.each([
    ['friday', '2026-05-15'],
    ['Friday', '2026-05-15'],
    ['fri', '2026-05-15'],
    ['on friday', '2026-05-15'],
    ['by friday', '2026-05-15'],
    ['friday 5pm', '2026-05-15'],
    ['monday', '2026-05-18'],
    ['wednesday', '2026-05-20'],
    ['next monday', '2026-05-18'],
    ['next friday', '2026-05-22'],
    ['this friday', '2026-05-15'],
  ])('reads %j said on Wednesday May 13 2026 as %s', (input, expected) => {
    expect(date(parseDueDate(input, WEDNESDAY_NOON))).toBe(expected);
  });

  it('reads "friday" said on a Friday as a week later, because today is written "today"', () => {
    expect(date(parseDueDate('friday', FRIDAY_NOON))).toBe('2026-05-22');
  });

  it('reads "this friday" said on a Friday as today', () => {
    expect(date(parseDueDate('this friday', FRIDAY_NOON))).toBe('2026-05-15');
  });

  it('reads "friday" said on a Saturday as the coming Friday, not yesterday', () => {
    expect(date(parseDueDate('friday', SATURDAY_NOON))).toBe('2026-05-22');
    expect(date(parseDueDate('this friday', SATURDAY_NOON))).toBe('2026-05-22');
  });

  it('takes the weekday in the incident zone: 12:30 AM Friday in Auckland is still Thursday in UTC', () => {
    const opts = { zone: AUCKLAND, now: utc('2026-05-14T12:30:00Z') };
    expect(date(parseDueDate('friday', opts))).toBe('2026-05-22');
    expect(date(parseDueDate('thursday', opts))).toBe('2026-05-21');
  });
});

describe('parseDueDate: rejections', () => {
  it.each(['2020-01-01', 'yesterday', 'last friday', '2026-05-14', '3 days ago'])(
    'rejects %j said on May 15 2026 as in the past, showing the date it read',
    (input) => {
      const message = error(parseDueDate(input, FRIDAY_NOON));
      expect(message).toContain(`"${input}" is `);
      expect(message).toContain('which is in the past (today is Fri, May 15, 2026 in Africa/Nairobi)');
    },
  );

  it('names the day a past date fell on', () => {
    expect(error(parseDueDate('yesterday', FRIDAY_NOON))).toContain('is Thu, May 14, 2026');
  });

  it.each(['blah', 'asap', 'whenever', 'fridya', 'tomorow', 'friday week', 'the 20th', 'soon-ish friday'])(
    'rejects the garbage %j and lists the accepted forms',
    (input) => {
      const message = error(parseDueDate(input, FRIDAY_NOON));
      expect(message).toContain(`"${input}"`);
      expect(message).toContain(ACCEPTED_DUE_FORMS);
    },
  );

  it('asks for a date when given nothing', () => {
    expect(error(parseDueDate('  ', FRIDAY_NOON))).toMatch(/^No due date given\. Use one of: /);
  });

  it.each(['may', 'noon', 'May 2027'])('rejects %j because it names no day', (input) => {
    expect(error(parseDueDate(input, FRIDAY_NOON))).toContain('does not say which day');
  });

  it('rejects a day that is not on the calendar', () => {
    expect(error(parseDueDate('2026-02-30', FRIDAY_NOON))).toBe('"2026-02-30" is not a date on the calendar.');
  });

  it('rejects 05/06, which is May 6 in the US and June 5 elsewhere', () => {
    expect(error(parseDueDate('05/06', FRIDAY_NOON))).toContain('could be month/day or day/month');
  });

  it('rejects a range', () => {
    expect(error(parseDueDate('friday - monday', FRIDAY_NOON))).toContain('is a range');
  });

  it('lists the accepted due forms', () => {
    expect(ACCEPTED_DUE_FORMS).toBe('`2027-05-20`, `May 20`, `friday`, `tomorrow`, `in 3 days`, `next monday`');
  });

  it('throws for an unknown zone', () => {
    expect(() => parseDueDate('tomorrow', { zone: 'Mars/Olympus', now: 0 })).toThrow(RangeError);
  });
});

describe('extractDue', () => {
  it('takes "due friday" out of an action and keeps the kind keyword', () => {
    expect(extractDue('Add a disk alert due friday corrective', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-05-15',
      rest: 'Add a disk alert corrective',
    });
  });

  it('stops the phrase at a Slack mention', () => {
    expect(extractDue('Rotate keys due May 20, 2027 <@U123ABC> preventive', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2027-05-20',
      rest: 'Rotate keys <@U123ABC> preventive',
    });
  });

  it('reads a multi-word phrase up to a keyword', () => {
    expect(extractDue('Review schema due next monday preventive', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-05-18',
      rest: 'Review schema preventive',
    });
  });

  it('keeps words after the date that are not part of it', () => {
    expect(extractDue('Patch the DB due in 3 days and tell the team', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-05-16',
      rest: 'Patch the DB and tell the team',
    });
  });

  it('accepts "due:" and a capitalised "Due", and drops the comma before it', () => {
    expect(extractDue('Fix the runbook, Due: tomorrow', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-05-14',
      rest: 'Fix the runbook',
    });
  });

  it('finds a due date at the start of the text', () => {
    expect(extractDue('due 2026-06-01 rotate credentials', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-06-01',
      rest: 'rotate credentials',
    });
  });

  it('returns the text unchanged when there is no due date', () => {
    const text = 'Add monitoring for DB CPU <@U1>';
    expect(extractDue(text, WEDNESDAY_NOON)).toEqual({ ok: true, date: undefined, rest: text });
  });

  it('does not take "due to" for a due date', () => {
    const text = 'Fix the alert that fired due to disk pressure';
    expect(extractDue(text, WEDNESDAY_NOON)).toEqual({ ok: true, date: undefined, rest: text });
  });

  it('does not take "due diligence" for a due date, but finds a real one later', () => {
    expect(extractDue('Automate due diligence checks', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: undefined,
      rest: 'Automate due diligence checks',
    });
    expect(extractDue('Automate due diligence checks due friday', WEDNESDAY_NOON)).toEqual({
      ok: true,
      date: '2026-05-15',
      rest: 'Automate due diligence checks',
    });
  });

  it.each([
    ['Fix it due fridya', '"fridya"'],
    ['Fix it due tomorow corrective', '"tomorow"'],
    ['Fix it due 2026-13-01', '"2026-13-01"'],
  ])('reports the mistyped due date in %j instead of keeping it as text', (text, named) => {
    expect(error(extractDue(text, WEDNESDAY_NOON))).toContain(named);
  });

  it('reports a due date in the past', () => {
    expect(error(extractDue('Fix it due yesterday', WEDNESDAY_NOON))).toContain('in the past');
  });

  it('reports two due dates rather than picking one', () => {
    expect(error(extractDue('Fix it due friday and due monday', WEDNESDAY_NOON))).toContain('more than one');
  });
});

describe('addWorkingDays / isWorkingDay', () => {
  it.each([
    ['2026-05-15', 1, '2026-05-18'], // Friday → Monday
    ['2026-05-16', 1, '2026-05-18'], // Saturday → Monday
    ['2026-05-17', 1, '2026-05-18'], // Sunday → Monday
    ['2026-05-18', 5, '2026-05-25'], // Monday → next Monday
    ['2026-05-13', 2, '2026-05-15'], // Wednesday → Friday
    ['2026-02-27', 1, '2026-03-02'], // across a month end
    ['2026-12-31', 5, '2027-01-07'], // across a year end
    ['2026-03-06', 1, '2026-03-09'], // over the US spring-forward weekend
    ['2026-05-18', -1, '2026-05-15'], // back from Monday to Friday
    ['2026-05-15', 0, '2026-05-15'],
  ])('moves %s by %i working days to %s', (start, days, expected) => {
    expect(addWorkingDays(start, days)).toBe(expected);
  });

  it('knows weekends from working days', () => {
    expect(isWorkingDay('2026-05-15')).toBe(true);
    expect(isWorkingDay('2026-05-18')).toBe(true);
    expect(isWorkingDay('2026-05-16')).toBe(false);
    expect(isWorkingDay('2026-05-17')).toBe(false);
  });

  it('throws on something that is not a date, or a fraction of a day', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-05-15', 1.5)).toThrow(RangeError);
    expect(() => isWorkingDay('friday')).toThrow(RangeError);
  });
});
