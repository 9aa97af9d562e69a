import type { ActionItem } from './action-item.js';
import { wallClockToInstant, type CalendarDay } from './time-zone.js';

/**
 * When action items are chased. Pure time arithmetic: every instant is epoch ms, every calendar
 * day is read in a zone passed in, never the process's.
 */
export interface ReminderPolicy {
  /** Local hour (0–23) of due-day reminders, overdue reminders and the digest, in the owner's zone. */
  hour: number;
  /** ISO weekdays that count as working days (1 = Monday … 7 = Sunday). */
  workingDays: readonly number[];
  /** Working days overdue before the commander and the channel are told. */
  escalateAfterWorkingDays: number;
}

export function policyFromSettings(a: { digestHour: number; workingDays: number[]; escalateAfterWorkingDays: number }): ReminderPolicy {
  return { hour: a.digestHour, workingDays: a.workingDays, escalateAfterWorkingDays: a.escalateAfterWorkingDays };
}

const DAY_MS = 24 * 60 * 60_000;
/** Score of an open item without a due date in the due index: after every real date. */
export const NO_DUE_SCORE = 8_640_000_000_000_000;

/*
 * Calendar arithmetic on plain UTC dates, where every day has 24 hours, so clock changes never
 * shift a date. Done here rather than with time-zone.ts's date-fns helpers because a digest runs
 * these for every item of every owner: those take 15–200 µs a call, these well under 5.
 */
function utcMs(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day);
}

function fromUtcMs(ms: number): CalendarDay {
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function plusDays(day: CalendarDay, days: number): CalendarDay {
  return fromUtcMs(utcMs(day) + days * DAY_MS);
}

function compareDays(a: CalendarDay, b: CalendarDay): number {
  return utcMs(a) - utcMs(b);
}

/** `YYYY-MM-DD` as stored on an item (validated by its schema). */
export function isoDay(text: string): CalendarDay {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year ?? NaN, month: month ?? NaN, day: day ?? NaN };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a zone. */
export function localDay(at: number, zone: string): CalendarDay {
  let f = dayFormats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric' });
    dayFormats.set(zone, f);
  }
  const parts = f.formatToParts(at);
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

export function isoWeekday(day: CalendarDay): number {
  return new Date(utcMs(day)).getUTCDay() || 7;
}

export function isWorkingDayFor(day: CalendarDay, policy: ReminderPolicy): boolean {
  return policy.workingDays.includes(isoWeekday(day));
}

/** The instant a zone's clocks show `hour`:00 on that day (after the jump when the clocks skip it). */
export function atLocalHour(day: CalendarDay, hour: number, zone: string): number {
  return wallClockToInstant(day, hour, 0, zone).at;
}

/** The first instant strictly after `after` that is the policy hour on a working day in `zone`. */
export function nextWorkingHour(after: number, zone: string, policy: ReminderPolicy): number {
  let day = localDay(after, zone);
  // Two weeks always holds a working day: the config demands at least one.
  for (let i = 0; i < 15; i++) {
    if (isWorkingDayFor(day, policy)) {
      const at = atLocalHour(day, policy.hour, zone);
      if (at > after) return at;
    }
    day = plusDays(day, 1);
  }
  throw new RangeError(`No working day in ${JSON.stringify(policy.workingDays)}`);
}

/** Every policy-hour instant on a working day in [from, to), in `zone`; the digest fan-out's window. */
export function workingHoursBetween(from: number, to: number, zone: string, policy: ReminderPolicy): number[] {
  const out: number[] = [];
  const last = plusDays(localDay(to, zone), 1);
  for (let day = plusDays(localDay(from, zone), -1); compareDays(day, last) <= 0; day = plusDays(day, 1)) {
    if (!isWorkingDayFor(day, policy)) continue;
    const at = atLocalHour(day, policy.hour, zone);
    if (at >= from && at < to) out.push(at);
  }
  return out;
}

function daysBetween(from: CalendarDay, to: CalendarDay): number {
  return Math.round(compareDays(to, from) / DAY_MS);
}

/** Working days after `from` up to and including `to`; 0 when `to` is not after `from`. */
export function workingDaysAfter(from: CalendarDay, to: CalendarDay, policy: ReminderPolicy): number {
  const diff = daysBetween(from, to);
  if (diff <= 0) return 0;
  const working = new Set(policy.workingDays).size;
  // Whole weeks hold the same number of working days, so a year-old item costs no more than a new one.
  const weeks = Math.floor(diff / 7);
  let count = weeks * working;
  for (let k = weeks * 7 + 1; k <= diff; k++) if (isWorkingDayFor(plusDays(from, k), policy)) count++;
  return count;
}

function dueDay(item: Pick<ActionItem, 'due'>): CalendarDay | undefined {
  return item.due === undefined ? undefined : isoDay(item.due);
}

/** Reminders come at the owner's local hour; without a known owner zone, the incident's. */
export function reminderZone(item: Pick<ActionItem, 'ownerTimeZone' | 'timeZone'>): string {
  return item.ownerTimeZone ?? item.timeZone;
}

/** When the item becomes due for reminders: the policy hour of the due day in the owner's zone. */
export function dueInstant(item: Pick<ActionItem, 'due' | 'ownerTimeZone' | 'timeZone'>, policy: ReminderPolicy): number | undefined {
  const day = dueDay(item);
  return day === undefined ? undefined : atLocalHour(day, policy.hour, reminderZone(item));
}

/** The score of an open item in the due index: overdue items sort first, undated ones last. */
export function dueScore(item: Pick<ActionItem, 'due' | 'ownerTimeZone' | 'timeZone'>, policy: ReminderPolicy): number {
  return dueInstant(item, policy) ?? NO_DUE_SCORE;
}

/** Working days the item is past its due day, counted in the incident's zone (where the date was given). */
export function overdueWorkingDays(item: Pick<ActionItem, 'due' | 'timeZone'>, now: number, policy: ReminderPolicy): number {
  const day = dueDay(item);
  return day === undefined ? 0 : workingDaysAfter(day, localDay(now, item.timeZone), policy);
}

export type DueState = 'none' | 'upcoming' | 'today' | 'overdue';

/** Where the item stands against its due day, in the incident's zone. */
export function dueState(item: Pick<ActionItem, 'due' | 'timeZone'>, now: number): DueState {
  const day = dueDay(item);
  if (day === undefined) return 'none';
  const order = compareDays(day, localDay(now, item.timeZone));
  return order > 0 ? 'upcoming' : order === 0 ? 'today' : 'overdue';
}

/**
 * When the item should next be chased, or undefined when it should not be: the due instant first,
 * then every working day at the policy hour after the last reminder, never before a snooze ends.
 */
export function nextReminderAt(item: ActionItem, policy: ReminderPolicy): number | undefined {
  if (item.state !== 'open') return undefined;
  const due = dueInstant(item, policy);
  if (due === undefined) return undefined;
  const last = item.lastReminder;
  // A reminder from before the due instant belongs to an earlier due date: start again from the new one.
  let at = last && last.at >= due ? nextWorkingHour(Math.max(last.at, last.sentAt), reminderZone(item), policy) : due;
  if (item.snoozedUntil !== undefined && item.snoozedUntil > at) at = item.snoozedUntil;
  return at;
}

/** The item with `remindAt` recomputed after any change. */
export function withSchedule(item: ActionItem, policy: ReminderPolicy): ActionItem {
  const { remindAt: _old, ...rest } = item;
  const at = nextReminderAt(item, policy);
  return at === undefined ? rest : { ...rest, remindAt: at };
}
