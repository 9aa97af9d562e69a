import { describe, expect, it } from 'vitest';
import type { ActionItem } from '../../src/domain/action-item.js';
import {
  dueInstant,
  localDay,
  plusDays,
  dueState,
  isWorkingDayFor,
  nextReminderAt,
  nextWorkingHour,
  overdueWorkingDays,
  workingDaysAfter,
  workingHoursBetween,
  type ReminderPolicy,
} from '../../src/domain/action-item-schedule.js';
import { addCalendarDays, calendarDayAt, parseCalendarDay, type CalendarDay } from '../../src/domain/time-zone.js';

const utc = (iso: string): number => Date.parse(iso);
const iso = (at: number): string => new Date(at).toISOString();
const POLICY: ReminderPolicy = { hour: 9, workingDays: [1, 2, 3, 4, 5], escalateAfterWorkingDays: 5 };

function day(text: string): CalendarDay {
  const d = parseCalendarDay(text);
  if (!d) throw new Error(text);
  return d;
}

function item(over: Partial<ActionItem> = {}): ActionItem {
  return {
    id: 7,
    teamId: 'T1',
    incident: 3,
    text: 'Alert on database connection errors',
    kind: 'preventive',
    owner: 'U0BO',
    due: '2026-05-20',
    timeZone: 'Africa/Nairobi',
    state: 'open',
    createdBy: 'U0ANA',
    createdAt: utc('2026-05-13T09:00:00Z'),
    updatedAt: utc('2026-05-13T09:00:00Z'),
    ...over,
  };
}

describe('the next working-day reminder hour', () => {
  it('skips the weekend: after 10:00 on a Friday in Nairobi comes Monday 9:00 EAT', () => {
    expect(iso(nextWorkingHour(utc('2026-05-15T07:00:00Z'), 'Africa/Nairobi', POLICY))).toBe('2026-05-18T06:00:00.000Z');
  });

  it('is later the same day when the hour has not come yet, and strictly after an instant at the hour', () => {
    expect(iso(nextWorkingHour(utc('2026-05-15T05:00:00Z'), 'Africa/Nairobi', POLICY))).toBe('2026-05-15T06:00:00.000Z');
    expect(iso(nextWorkingHour(utc('2026-05-15T06:00:00Z'), 'Africa/Nairobi', POLICY))).toBe('2026-05-18T06:00:00.000Z');
  });

  it('follows the clocks across the spring change in Stockholm (9:00 CET is 08:00Z, 9:00 CEST is 07:00Z)', () => {
    expect(iso(nextWorkingHour(utc('2026-03-26T09:00:00Z'), 'Europe/Stockholm', POLICY))).toBe('2026-03-27T08:00:00.000Z');
    expect(iso(nextWorkingHour(utc('2026-03-27T09:00:00Z'), 'Europe/Stockholm', POLICY))).toBe('2026-03-30T07:00:00.000Z');
  });

  it('follows the clocks across the autumn change in Los Angeles', () => {
    expect(iso(nextWorkingHour(utc('2026-10-30T18:00:00Z'), 'America/Los_Angeles', POLICY))).toBe('2026-11-02T17:00:00.000Z');
  });

  it('uses the instant after the jump when the reminder hour is skipped by the clocks', () => {
    const sundays: ReminderPolicy = { ...POLICY, hour: 2, workingDays: [7] };
    expect(iso(nextWorkingHour(utc('2026-03-07T12:00:00Z'), 'America/New_York', sundays))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('honours other working weeks (Sunday to Thursday) and zones with odd offsets (Kathmandu, UTC+5:45)', () => {
    const sunThu: ReminderPolicy = { ...POLICY, workingDays: [7, 1, 2, 3, 4] };
    // Thursday 10:00 NPT → Sunday 9:00 NPT.
    expect(iso(nextWorkingHour(utc('2026-05-14T04:15:00Z'), 'Asia/Kathmandu', sunThu))).toBe('2026-05-17T03:15:00.000Z');
  });

  it('lists every reminder hour in a window, in each zone, on working days only', () => {
    const from = utc('2026-05-15T05:00:00Z');
    const to = from + 25 * 3600_000;
    expect(workingHoursBetween(from, to, 'Africa/Nairobi', POLICY).map(iso)).toEqual(['2026-05-15T06:00:00.000Z']);
    expect(workingHoursBetween(from, to, 'Asia/Tokyo', POLICY).map(iso)).toEqual([]);
    expect(workingHoursBetween(utc('2026-05-17T05:00:00Z'), utc('2026-05-18T06:00:00Z'), 'Asia/Tokyo', POLICY).map(iso)).toEqual(['2026-05-18T00:00:00.000Z']);
  });
});

describe('the calendar helpers of the digest path', () => {
  it('agree with the time-zone module on local days, across zones and clock changes', () => {
    const zones = ['Africa/Nairobi', 'America/Los_Angeles', 'Pacific/Auckland', 'Asia/Kathmandu', 'Europe/London', 'Pacific/Kiritimati'];
    for (let at = utc('2026-03-01T00:00:00Z'); at < utc('2026-11-15T00:00:00Z'); at += 7 * 3600_000 + 13 * 60_000) {
      for (const zone of zones) expect(localDay(at, zone)).toEqual(calendarDayAt(at, zone));
    }
  });

  it('agree on adding days across month ends, leap days and years', () => {
    for (const [from, days] of [['2026-01-31', 1], ['2028-02-28', 1], ['2026-12-31', 1], ['2026-03-29', 400], ['2026-05-01', -31]] as const) {
      expect(plusDays(day(from), days)).toEqual(addCalendarDays(day(from), days));
    }
  });
});

describe('counting working days overdue', () => {
  it('counts across a month end and a year end', () => {
    expect(workingDaysAfter(day('2026-01-30'), day('2026-02-06'), POLICY)).toBe(5);
    expect(workingDaysAfter(day('2026-12-31'), day('2027-01-04'), POLICY)).toBe(2);
    expect(workingDaysAfter(day('2026-02-27'), day('2026-03-02'), POLICY)).toBe(1);
  });

  it('is zero on the due day and before it', () => {
    expect(workingDaysAfter(day('2026-05-20'), day('2026-05-20'), POLICY)).toBe(0);
    expect(workingDaysAfter(day('2026-05-20'), day('2026-05-01'), POLICY)).toBe(0);
  });

  it('agrees with counting day by day, for long spans and unusual weeks', () => {
    const weeks: ReminderPolicy[] = [POLICY, { ...POLICY, workingDays: [7, 1, 2, 3, 4] }, { ...POLICY, workingDays: [3] }];
    for (const policy of weeks) {
      for (const span of [1, 6, 7, 8, 13, 30, 31, 365, 800]) {
        const from = day('2026-02-26');
        let naive = 0;
        for (let k = 1; k <= span; k++) if (isWorkingDayFor(addCalendarDays(from, k), policy)) naive++;
        expect(workingDaysAfter(from, addCalendarDays(from, span), policy)).toBe(naive);
      }
    }
  });

  it('reads "today" in the incident zone: Monday 00:30 in Nairobi is still Sunday in UTC', () => {
    const now = utc('2026-05-17T21:30:00Z');
    expect(overdueWorkingDays(item({ due: '2026-05-15' }), now, POLICY)).toBe(1);
    expect(overdueWorkingDays(item({ due: '2026-05-15', timeZone: 'UTC' }), now, POLICY)).toBe(0);
  });

  it('tells due today, overdue and upcoming apart at the zone midnight', () => {
    const it0 = item({ due: '2026-05-20' });
    expect(dueState(it0, utc('2026-05-19T20:59:00Z'))).toBe('upcoming');
    expect(dueState(it0, utc('2026-05-19T21:00:00Z'))).toBe('today');
    expect(dueState(it0, utc('2026-05-20T21:00:00Z'))).toBe('overdue');
    expect(dueState(item({ due: undefined }), 0)).toBe('none');
  });
});

describe('when an item is chased', () => {
  it('is first reminded at the reminder hour of its due day in the owner zone', () => {
    expect(iso(dueInstant(item({ ownerTimeZone: 'Asia/Tokyo' }), POLICY) ?? 0)).toBe('2026-05-20T00:00:00.000Z');
    // No owner zone known: the incident's.
    expect(iso(nextReminderAt(item(), POLICY) ?? 0)).toBe('2026-05-20T06:00:00.000Z');
  });

  it('then every working day after the last reminder, never twice for one', () => {
    const at = utc('2026-05-22T06:00:00Z');
    const reminded = item({ lastReminder: { at, sentAt: at + 40, escalated: false } });
    expect(iso(nextReminderAt(reminded, POLICY) ?? 0)).toBe('2026-05-25T06:00:00.000Z');
  });

  it('resumes after a snooze ends, and a snooze earlier than the next reminder changes nothing', () => {
    const at = utc('2026-05-20T06:00:00Z');
    const base = item({ lastReminder: { at, sentAt: at, escalated: false } });
    expect(nextReminderAt({ ...base, snoozedUntil: at + 7 * 86_400_000 }, POLICY)).toBe(at + 7 * 86_400_000);
    expect(iso(nextReminderAt({ ...base, snoozedUntil: at + 3600_000 }, POLICY) ?? 0)).toBe('2026-05-21T06:00:00.000Z');
  });

  it('starts over from a new due date that lies after the last reminder', () => {
    const at = utc('2026-05-20T06:00:00Z');
    const moved = item({ due: '2026-06-01', lastReminder: { at, sentAt: at, escalated: false } });
    expect(iso(nextReminderAt(moved, POLICY) ?? 0)).toBe('2026-06-01T06:00:00.000Z');
  });

  it('is never chased when done, cancelled or without a due date', () => {
    expect(nextReminderAt(item({ state: 'done' }), POLICY)).toBeUndefined();
    expect(nextReminderAt(item({ state: 'cancelled' }), POLICY)).toBeUndefined();
    expect(nextReminderAt(item({ due: undefined }), POLICY)).toBeUndefined();
  });
});
