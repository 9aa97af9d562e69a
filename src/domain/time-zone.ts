import { TZDate, tz, tzName, tzOffset } from '@date-fns/tz';
import { addDays, format, getDay, isValid, parse } from 'date-fns';

/**
 * Time zones, wall clocks and calendar days. Everything here takes the zone as an argument;
 * the process time zone is never consulted, because the bot serves incidents in many zones at once.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

const validZones = new Set<string>();

/**
 * Region/City names ICU also accepts bare abbreviations: 'EST' is Panama (no DST), 'PST' and 'EAT' are ICU
 * aliases, and 'IST' means three countries. Someone typing those means something else, so only
 * Region/City names and UTC/GMT count as zones.
 */
function isZoneShaped(zone: string): boolean {
  return zone.includes('/') || /^(?:UTC|GMT)$/i.test(zone);
}

/** True for IANA names the runtime knows (`Africa/Nairobi`, `UTC`, `US/Pacific`); false for `+03:00` and `EST`. */
export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string' || !isZoneShaped(zone)) return false;
  if (validZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    return false;
  }
  // Only valid names are remembered, so typed garbage cannot grow the set.
  validZones.add(zone);
  return true;
}

/** A bad zone is a bug in stored config, not user input; fail loudly instead of showing UTC. */
export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}"`);
}

/** UTC offset in whole minutes at that instant (east positive: Nairobi 180, Los Angeles -480 or -420). */
export function offsetMinutes(zone: string, at: number): number {
  return Math.round(tzOffset(zone, new Date(at)));
}

type Abbreviations = readonly [standard: string, daylight?: string];

const CET: Abbreviations = ['CET', 'CEST'];
const EET: Abbreviations = ['EET', 'EEST'];
const EAT: Abbreviations = ['EAT'];
const CAT: Abbreviations = ['CAT'];
const US_EASTERN: Abbreviations = ['EST', 'EDT'];
const US_CENTRAL: Abbreviations = ['CST', 'CDT'];
const US_MOUNTAIN: Abbreviations = ['MST', 'MDT'];
const US_PACIFIC: Abbreviations = ['PST', 'PDT'];
const AU_EASTERN: Abbreviations = ['AEST', 'AEDT'];

/**
 * Node's ICU (en-US) only knows abbreviations for North America ('GMT+3' for Nairobi, 'GMT+1' for
 * London in summer), so the usual local abbreviations of common zones are listed here.
 */
const ABBREVIATIONS: Readonly<Record<string, Abbreviations>> = {
  'UTC': ['UTC'], 'Etc/UTC': ['UTC'], 'Etc/Universal': ['UTC'], 'Etc/GMT': ['GMT'], 'GMT': ['GMT'],
  // Africa
  'Africa/Nairobi': EAT, 'Africa/Addis_Ababa': EAT, 'Africa/Dar_es_Salaam': EAT, 'Africa/Kampala': EAT,
  'Africa/Mogadishu': EAT, 'Africa/Kigali': CAT, 'Africa/Maputo': CAT, 'Africa/Harare': CAT, 'Africa/Lusaka': CAT,
  'Africa/Lagos': ['WAT'], 'Africa/Kinshasa': ['WAT'], 'Africa/Johannesburg': ['SAST'], 'Africa/Cairo': EET,
  'Africa/Accra': ['GMT'], 'Africa/Abidjan': ['GMT'],
  // Europe
  'Europe/London': ['GMT', 'BST'], 'Europe/Dublin': ['GMT', 'IST'], 'Europe/Lisbon': ['WET', 'WEST'],
  'Europe/Berlin': CET, 'Europe/Paris': CET, 'Europe/Madrid': CET, 'Europe/Rome': CET, 'Europe/Amsterdam': CET,
  'Europe/Brussels': CET, 'Europe/Vienna': CET, 'Europe/Zurich': CET, 'Europe/Stockholm': CET, 'Europe/Oslo': CET,
  'Europe/Copenhagen': CET, 'Europe/Warsaw': CET, 'Europe/Prague': CET, 'Europe/Budapest': CET, 'Europe/Belgrade': CET,
  'Europe/Athens': EET, 'Europe/Helsinki': EET, 'Europe/Kyiv': EET, 'Europe/Kiev': EET, 'Europe/Bucharest': EET,
  'Europe/Sofia': EET, 'Europe/Riga': EET, 'Europe/Vilnius': EET, 'Europe/Tallinn': EET,
  'Europe/Istanbul': ['TRT'], 'Europe/Moscow': ['MSK'],
  // Asia
  'Asia/Kolkata': ['IST'], 'Asia/Calcutta': ['IST'], 'Asia/Tokyo': ['JST'], 'Asia/Seoul': ['KST'],
  'Asia/Shanghai': ['CST'], 'Asia/Taipei': ['CST'], 'Asia/Hong_Kong': ['HKT'], 'Asia/Singapore': ['SGT'],
  'Asia/Manila': ['PHT'], 'Asia/Jakarta': ['WIB'], 'Asia/Bangkok': ['ICT'], 'Asia/Ho_Chi_Minh': ['ICT'],
  'Asia/Karachi': ['PKT'], 'Asia/Dubai': ['GST'], 'Asia/Riyadh': ['AST'], 'Asia/Kathmandu': ['NPT'],
  'Asia/Jerusalem': ['IST', 'IDT'], 'Asia/Tel_Aviv': ['IST', 'IDT'],
  // Oceania
  'Australia/Sydney': AU_EASTERN, 'Australia/Melbourne': AU_EASTERN, 'Australia/Hobart': AU_EASTERN,
  'Australia/Canberra': AU_EASTERN, 'Australia/Brisbane': ['AEST'], 'Australia/Adelaide': ['ACST', 'ACDT'],
  'Australia/Darwin': ['ACST'], 'Australia/Perth': ['AWST'], 'Pacific/Auckland': ['NZST', 'NZDT'],
  'Pacific/Honolulu': ['HST'],
  // Americas
  'America/New_York': US_EASTERN, 'America/Toronto': US_EASTERN, 'America/Detroit': US_EASTERN,
  'America/Indiana/Indianapolis': US_EASTERN, 'America/Chicago': US_CENTRAL, 'America/Winnipeg': US_CENTRAL,
  'America/Mexico_City': US_CENTRAL, 'America/Denver': US_MOUNTAIN, 'America/Edmonton': US_MOUNTAIN,
  'America/Boise': US_MOUNTAIN, 'America/Phoenix': ['MST'], 'America/Los_Angeles': US_PACIFIC,
  'America/Vancouver': US_PACIFIC, 'America/Tijuana': US_PACIFIC, 'America/Anchorage': ['AKST', 'AKDT'],
  'America/Halifax': ['AST', 'ADT'], 'America/St_Johns': ['NST', 'NDT'], 'America/Puerto_Rico': ['AST'],
  'America/Sao_Paulo': ['BRT'], 'America/Argentina/Buenos_Aires': ['ART'], 'America/Bogota': ['COT'],
  'America/Lima': ['PET'], 'America/Santiago': ['CLT', 'CLST'], 'America/Caracas': ['VET'],
};

function canonicalName(zone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/**
 * Daylight time is whenever the offset is above the year's smaller one; comparing January and July
 * works in both hemispheres (Sydney's summer is January) without a per-zone rule.
 */
export function isDaylightTime(zone: string, at: number): boolean {
  const year = new Date(at).getUTCFullYear();
  const standard = Math.min(offsetMinutes(zone, Date.UTC(year, 0, 1)), offsetMinutes(zone, Date.UTC(year, 6, 1)));
  return offsetMinutes(zone, at) > standard;
}

/** 'UTC', 'UTC+3', 'UTC-5:30', 'UTC+5:45'. */
export function formatUtcOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes > 0 ? '+' : '-';
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `UTC${sign}${hours}${rest === 0 ? '' : `:${String(rest).padStart(2, '0')}`}`;
}

/** Usual abbreviation at that instant: 'EAT', 'PST'/'PDT', 'BST'; else Intl's if alphabetic; else 'UTC+3'. */
export function tzAbbreviation(zone: string, at: number): string {
  assertTimeZone(zone);
  const known = ABBREVIATIONS[zone] ?? ABBREVIATIONS[canonicalName(zone)];
  if (known) {
    const [standard, daylight] = known;
    return daylight !== undefined && isDaylightTime(zone, at) ? daylight : standard;
  }
  const intl = tzName(zone, new Date(at), 'short');
  return /^[A-Z]{2,5}$/.test(intl) ? intl : formatUtcOffset(offsetMinutes(zone, at));
}

/** A day on the calendar, with no zone; months are 1–12. */
export type CalendarDay = { year: number; month: number; day: number };

/** Calendar arithmetic runs in UTC, where every day has 24 hours, so DST never shifts a date. */
const CALENDAR = tz('UTC');

/** Midnight UTC of that day: the anchor for calendar arithmetic in UTC (`{ in: tz('UTC') }`). */
export function calendarAnchor(day: CalendarDay): TZDate {
  return new TZDate(day.year, day.month - 1, day.day, 'UTC');
}

function splitIsoDay(text: string): CalendarDay {
  const [year, month, day] = text.split('-').map(Number);
  return { year: year ?? NaN, month: month ?? NaN, day: day ?? NaN };
}

function toCalendarDay(date: Date): CalendarDay {
  return splitIsoDay(format(date, 'yyyy-MM-dd', { in: CALENDAR }));
}

/** Reads 'YYYY-MM-DD' (single-digit month/day allowed); undefined when it is not a real date. */
export function parseCalendarDay(text: string): CalendarDay | undefined {
  if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) return undefined;
  const parsed = parse(text, 'yyyy-MM-dd', new TZDate(0, 'UTC'), { in: CALENDAR });
  return isValid(parsed) ? toCalendarDay(parsed) : undefined;
}

export function formatCalendarDay(day: CalendarDay): string {
  return format(calendarAnchor(day), 'yyyy-MM-dd', { in: CALENDAR });
}

export function addCalendarDays(day: CalendarDay, days: number): CalendarDay {
  return toCalendarDay(addDays(calendarAnchor(day), days, { in: CALENDAR }));
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: CalendarDay): number {
  return getDay(calendarAnchor(day), { in: CALENDAR });
}

/** 'Fri, May 15, 2026' — for messages about due dates, where the weekday helps catch mistakes. */
export function describeCalendarDay(day: CalendarDay): string {
  return format(calendarAnchor(day), 'EEE, MMM d, yyyy', { in: CALENDAR });
}

/** Orders calendar days; 'YYYY-MM-DD' strings sort the same way. */
export function compareCalendarDays(a: CalendarDay, b: CalendarDay): number {
  return formatCalendarDay(a).localeCompare(formatCalendarDay(b));
}

/** The calendar day of an instant in a zone. */
export function calendarDayAt(at: number, zone: string): CalendarDay {
  assertTimeZone(zone);
  return splitIsoDay(format(at, 'yyyy-MM-dd', { in: tz(zone) }));
}

/**
 * Every instant at which a zone's clocks show this wall-clock time: none in a spring-forward gap,
 * two in a fall-back overlap, else one. Sorted, earliest first.
 */
export function instantsAtWallClock(day: CalendarDay, hour: number, minute: number, zone: string): number[] {
  assertTimeZone(zone);
  const asIfUtc = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  // Transitions are months apart, so the offsets a day either side cover every candidate.
  const offsets = new Set([-DAY_MS, 0, DAY_MS].map((delta) => offsetMinutes(zone, asIfUtc + delta)));
  const instants = [...offsets]
    .map((offset) => ({ offset, at: asIfUtc - offset * MINUTE_MS }))
    .filter(({ offset, at }) => offsetMinutes(zone, at) === offset)
    .map(({ at }) => at);
  return [...new Set(instants)].sort((a, b) => a - b);
}

/** Where a wall-clock time falls: its earliest instant, or for a time the clocks skipped, where they jumped to. */
export type WallClockInstant = { at: number; skipped: boolean };

/**
 * The earliest instant showing that wall-clock time (the first 1:30 AM when clocks go back). A time
 * skipped when clocks went forward maps to the instant the clocks read it as after the jump (2:30 AM → 3:30 AM PDT).
 */
export function wallClockToInstant(day: CalendarDay, hour: number, minute: number, zone: string): WallClockInstant {
  const [first] = instantsAtWallClock(day, hour, minute, zone);
  if (first !== undefined) return { at: first, skipped: false };
  const asIfUtc = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  return { at: asIfUtc - offsetMinutes(zone, asIfUtc - DAY_MS) * MINUTE_MS, skipped: true };
}
