import { tz } from '@date-fns/tz';
import { format } from 'date-fns';
import { assertTimeZone, tzAbbreviation } from './time-zone.js';

/** Instants are epoch ms; every function shows them in the zone it is given, never the process's. */

/**
 * Formatting through a zone costs ~25 µs (date-fns asks Intl for the offset several times),
 * and a busy incident formats the same minute over and over (each note's reply and echo).
 * Every pattern here shows whole minutes, and zones change offset on whole minutes, so the
 * text for (zone, pattern, minute) never changes: it is remembered, in a bounded map.
 */
const remembered = new Map<string, string>();
const REMEMBER_AT_MOST = 10_000;

function byMinute(at: number, pattern: string, zone: string, make: () => string): string {
  const key = `${zone}|${pattern}|${Math.floor(at / 60_000)}`;
  let text = remembered.get(key);
  if (text === undefined) {
    text = make();
    if (remembered.size >= REMEMBER_AT_MOST) remembered.clear();
    remembered.set(key, text);
  }
  return text;
}

function inZone(at: number, pattern: string, zone: string): string {
  return byMinute(at, pattern, zone, () => {
    assertTimeZone(zone);
    return format(at, pattern, { in: tz(zone) });
  });
}

/** '7:05 PM EAT' */
export function formatClock(at: number, zone: string): string {
  return byMinute(at, 'clock', zone, () => `${inZone(at, 'h:mm a', zone)} ${tzAbbreviation(zone, at)}`);
}

/** 'May 13, 2023' */
export function formatDay(at: number, zone: string): string {
  return inZone(at, 'MMM d, yyyy', zone);
}

/** 'May 13, 2023 7:05 PM EAT' */
export function formatDayTime(at: number, zone: string): string {
  return `${formatDay(at, zone)} ${formatClock(at, zone)}`;
}

/** 'YYYY-MM-DD' of that instant in the zone. */
export function localDate(at: number, zone: string): string {
  return inZone(at, 'yyyy-MM-dd', zone);
}

function localDays(instants: number[], zone: string): Set<string> {
  return new Set(instants.map((at) => localDate(at, zone)));
}

/** True when the instants fall on more than one local day in the zone. */
export function spansDays(instants: number[], zone: string): boolean {
  return localDays(instants, zone).size > 1;
}

/**
 * Clock only when every instant given falls on one local day, else day + clock.
 * An instant formatted later that lies off that day still gets its date, so a late entry
 * can never be read as belonging to the incident's day.
 */
export function makeTimelineFormatter(instants: number[], zone: string): (at: number) => string {
  assertTimeZone(zone);
  const days = localDays(instants, zone);
  if (days.size !== 1) return (at) => formatDayTime(at, zone);
  return (at) => (days.has(localDate(at, zone)) ? formatClock(at, zone) : formatDayTime(at, zone));
}

type Parts = { days: number; hours: number; minutes: number };

/** Whole minutes, truncated: a duration is never shown longer than it was. Sign is dropped. */
function splitDuration(ms: number): Parts {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a duration: ${ms}`);
  const totalMinutes = Math.floor(Math.abs(ms) / 60_000);
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  };
}

type Unit = { key: keyof Parts; long: string; short: string };
const UNITS: readonly Unit[] = [
  { key: 'days', long: 'day', short: 'd' },
  { key: 'hours', long: 'hour', short: 'h' },
  { key: 'minutes', long: 'minute', short: 'm' },
];

/**
 * The largest non-zero unit and the one right below it, if non-zero: '3 days 2 hours',
 * '3 days' for 3 days 0 hours 5 minutes (skipping to minutes would read as more precise than it is).
 */
function leadingUnits(parts: Parts): Array<{ unit: Unit; value: number }> {
  const first = UNITS.findIndex((unit) => parts[unit.key] > 0);
  if (first < 0) return [];
  return UNITS.slice(first, first + 2)
    .map((unit) => ({ unit, value: parts[unit.key] }))
    .filter(({ value }) => value > 0);
}

/** '2 hours', '1 hour 5 minutes', '3 days 2 hours', 'less than a minute'. */
export function formatDuration(ms: number): string {
  const units = leadingUnits(splitDuration(ms));
  if (units.length === 0) return 'less than a minute';
  return units.map(({ unit, value }) => `${value} ${unit.long}${value === 1 ? '' : 's'}`).join(' ');
}

/**
 * Exact to the minute, for any length, for a postmortem: every unit from the largest non-zero one
 * down to the last non-zero one, zeros in between kept so the figure is never ambiguous:
 * '2 hours', '1 hour 45 minutes', '1 day 0 hours 14 minutes', '3 days 3 hours 8 minutes',
 * 'less than a minute'. Truncated to the minute, like formatDuration.
 */
export function formatExactDuration(ms: number): string {
  const parts = splitDuration(ms);
  const first = UNITS.findIndex((unit) => parts[unit.key] > 0);
  if (first < 0) return 'less than a minute';
  let last = UNITS.length - 1;
  while (last > first && parts[(UNITS[last] as Unit).key] === 0) last--;
  return UNITS.slice(first, last + 1)
    .map((unit) => `${parts[unit.key]} ${unit.long}${parts[unit.key] === 1 ? '' : 's'}`)
    .join(' ');
}

/** Compact for lists: '5m', '2h 10m', '3d 4h', '<1m'. */
export function formatAge(ms: number): string {
  const units = leadingUnits(splitDuration(ms));
  if (units.length === 0) return '<1m';
  return units.map(({ unit, value }) => `${value}${unit.short}`).join(' ');
}
