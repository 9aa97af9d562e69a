import { formatClock, formatDay, formatDayTime, formatDuration } from './time-format.js';
import {
  addCalendarDays,
  assertTimeZone,
  calendarDayAt,
  formatCalendarDay,
  offsetMinutes,
  parseCalendarDay,
  wallClockToInstant,
  type CalendarDay,
} from './time-zone.js';
import { readNaturalTime } from './time-natural.js';

export const ACCEPTED_TIME_FORMS = '`19:05`, `7:05 PM`, `at 14:05`, `2023-05-13 19:05`, `yesterday 17:05`, `10 min ago`, `2 hours ago`';

export type TimeParseResult = { ok: true; at: number } | { ok: false; error: string };

type ParseOptions = { zone: string; reference: number; now: number };

/** Responders' clocks and Slack's drift a little; a time a few seconds ahead is still "now". */
const CLOCK_SKEW_MS = 60_000;
/** Without a date, a time this far before the incident's start means the day after (the incident crossed midnight). */
const CROSSED_MIDNIGHT_MS = 12 * 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;

/**
 * Optional date (then a space or 'T'), hour, optional ':mm', optional AM/PM (dots allowed).
 * Whether minutes or a meridiem is present is checked afterwards, so a bare '7' is rejected
 * with a clear message rather than read as 7 o'clock.
 */
const TIME_SHAPE = /^(?:(\d{4}-\d{1,2}-\d{1,2})(?: |t))?(\d{1,2})(?::(\d{2}))?(?: ?([ap])\.?m\.?)?$/i;

type WallClock = { day: CalendarDay | undefined; hour: number; minute: number };
type Reading = { ok: true; wall: WallClock } | { ok: false; error: string };

function normalise(input: string): string {
  return input.trim().replace(/\s+/g, ' ');
}

function unreadable(input: string, why?: string): { ok: false; error: string } {
  const what = why === undefined ? `I couldn't read "${input}" as a time` : `"${input}" is not a valid time: ${why}`;
  return { ok: false, error: `${what}. Use one of: ${ACCEPTED_TIME_FORMS}.` };
}

function isTimeShape(text: string): boolean {
  const match = TIME_SHAPE.exec(text);
  return match !== null && (match[3] !== undefined || match[4] !== undefined);
}

function readDay(text: string | undefined): CalendarDay | undefined | 'invalid' {
  return text === undefined ? undefined : (parseCalendarDay(text) ?? 'invalid');
}

function toHour24(hour: number, meridiem: string | undefined): number {
  if (meridiem === undefined) return hour;
  const pm = meridiem.toLowerCase() === 'p';
  return (hour % 12) + (pm ? 12 : 0);
}

/** Syntax and ranges only; which instant it means is decided later. */
function readWallClock(input: string): Reading {
  const text = normalise(input);
  if (text === '') return { ok: false, error: `No time given. Use one of: ${ACCEPTED_TIME_FORMS}.` };
  const match = TIME_SHAPE.exec(text);
  if (!match || (match[3] === undefined && match[4] === undefined)) return unreadable(text);
  const [, dateText, hourText, minuteText, meridiem] = match;
  const hour = Number(hourText);
  const minute = minuteText === undefined ? 0 : Number(minuteText);
  if (meridiem !== undefined && (hour < 1 || hour > 12)) return unreadable(text, 'with AM or PM, hours go from 1 to 12');
  if (meridiem === undefined && hour > 23) return unreadable(text, 'hours go from 0 to 23');
  if (minute > 59) return unreadable(text, 'minutes go from 00 to 59');
  const day = readDay(dateText);
  if (day === 'invalid') return unreadable(text, `${dateText ?? ''} is not a date on the calendar`);
  return { ok: true, wall: { day, hour: toHour24(hour, meridiem), minute } };
}

function skippedTimeError(input: string, shifted: number, zone: string): { ok: false; error: string } {
  const jump = formatDuration((offsetMinutes(zone, shifted) - offsetMinutes(zone, shifted - DAY_MS)) * 60_000);
  return {
    ok: false,
    error:
      `"${input}" does not exist on ${formatDay(shifted, zone)} in ${zone}: clocks went forward ${jump} there, ` +
      `so that time was skipped. Did you mean ${formatClock(shifted, zone)}?`,
  };
}

function resolve(input: string, day: CalendarDay, wall: WallClock, zone: string): TimeParseResult {
  const { at, skipped } = wallClockToInstant(day, wall.hour, wall.minute, zone);
  return skipped ? skippedTimeError(input, at, zone) : { ok: true, at };
}

/**
 * The incident's local day, unless the time would then fall more than 12 hours before its start
 * (the incident crossed midnight: the next day), or lie ahead of now while the day before puts it
 * within 12 hours before the start (declared just after midnight, "11:50 PM" is when it began,
 * not tonight).
 */
function dayWithoutDate(wall: WallClock, opts: ParseOptions): CalendarDay {
  const incidentDay = calendarDayAt(opts.reference, opts.zone);
  const { at } = wallClockToInstant(incidentDay, wall.hour, wall.minute, opts.zone);
  if (at < opts.reference - CROSSED_MIDNIGHT_MS) return addCalendarDays(incidentDay, 1);
  if (at > opts.now + CLOCK_SKEW_MS) {
    const dayBefore = addCalendarDays(incidentDay, -1);
    const before = wallClockToInstant(dayBefore, wall.hour, wall.minute, opts.zone);
    if (!before.skipped && before.at >= opts.reference - CROSSED_MIDNIGHT_MS) return dayBefore;
  }
  return incidentDay;
}

function futureError(input: string, at: number, wall: WallClock, opts: ParseOptions): { ok: false; error: string } {
  let error = `That time is in the future: "${input}" is ${formatDayTime(at, opts.zone)}, and it is now ${formatDayTime(opts.now, opts.zone)}.`;
  if (wall.day === undefined) {
    const dayBefore = formatCalendarDay(addCalendarDays(calendarDayAt(at, opts.zone), -1));
    error += ` If you meant the day before, include the date, e.g. \`${dayBefore} ${input}\`.`;
  }
  return { ok: false, error };
}

/**
 * Reads a wall-clock time typed by a responder, in `zone`. Without a date it is on the local day of
 * `reference` (the incident's start), or the next day if that would be more than 12 hours before it.
 * Rejects unreadable input, times later than `now` (plus a minute of skew) and times skipped by DST.
 */
export function parseWallClock(input: string, opts: ParseOptions): TimeParseResult {
  assertTimeZone(opts.zone);
  const reading = readWallClock(input);
  if (!reading.ok) return reading;
  const { wall } = reading;
  const text = normalise(input);
  const result = resolve(text, wall.day ?? dayWithoutDate(wall, opts), wall, opts.zone);
  if (!result.ok) return result;
  if (result.at > opts.now + CLOCK_SKEW_MS) return futureError(text, result.at, wall, opts);
  return result;
}

type Token = { text: string; end: number };

function leadingTokens(text: string, count: number): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    if (tokens.length === count) break;
    tokens.push({ text: match[0], end: match.index + match[0].length });
  }
  return tokens;
}

/** Lets people write `19:05, paged` or `7:05 PM: paged`. */
function withoutTrailingComma(phrase: string): string {
  return phrase.replace(/[,;:]$/, '');
}

const MERIDIEM_WORD = /^[ap]\.?m\.?[,;:]?$/i;

/**
 * Starts like a time but is not one of the forms: `25:00`, `7:61pm`, `7.05 pm`, `13pm`, `2023-05-13 deploy`.
 * A plain number (`3 servers down`) does not, so ordinary notes stay notes.
 */
function looksLikeTime(first: string, second: string | undefined): boolean {
  if (/^\d+:\d/.test(first)) return true;
  if (/^\d{4}-\d{1,2}-\d{1,2}/.test(first)) return true;
  if (/^\d+(?:[.:]\d+)?[ap]\.?m\.?[,;:]?$/i.test(first)) return true;
  return /^\d+(?:[.:]\d+)?$/.test(first) && second !== undefined && MERIDIEM_WORD.test(second);
}

/** After the time, a separator like `-` or `—` is punctuation, not part of the note. */
function restAfter(text: string, end: number): string {
  return text.slice(end).replace(/^[,;:]/, '').replace(/^\s*(?:[-–—]\s+)?/, '').replace(/^\s+/, '');
}

/**
 * For commands like `note 7:05 PM The team was alerted`: a leading time (one to three words) and the rest.
 * No leading time gives `{ at: undefined, rest: text }`; a leading mistyped or future time is an error,
 * so a typo never ends up as note text.
 */
export function splitLeadingTime(
  text: string,
  opts: ParseOptions,
): { ok: true; at: number | undefined; rest: string } | { ok: false; error: string } {
  // `at 14:05 paged DBAs`; `at 3 sites` is not a time and stays text.
  const at = /^\s*at\s+(?=\d)/i.exec(text);
  if (at) {
    const inner = splitLeadingTime(text.slice(at[0].length), opts);
    if (!inner.ok || inner.at !== undefined) return inner;
  }
  const natural = readNaturalTime(text, { zone: opts.zone, now: opts.now, forms: ACCEPTED_TIME_FORMS });
  if (natural) return natural.ok ? { ok: true, at: natural.at, rest: restAfter(text, natural.end) } : natural;
  const tokens = leadingTokens(text, 3);
  for (let count = tokens.length; count >= 1; count--) {
    const phrase = withoutTrailingComma(tokens.slice(0, count).map((t) => t.text).join(' '));
    if (!isTimeShape(phrase)) continue;
    const parsed = parseWallClock(phrase, opts);
    if (!parsed.ok) return parsed;
    return { ok: true, at: parsed.at, rest: restAfter(text, tokens[count - 1]?.end ?? 0) };
  }
  const [first, second] = tokens;
  if (first !== undefined && looksLikeTime(first.text, second?.text)) {
    const shown = second !== undefined && (MERIDIEM_WORD.test(second.text) || /^\d{4}-/.test(first.text))
      ? `${first.text} ${second.text}`
      : first.text;
    return unreadable(withoutTrailingComma(shown));
  }
  return { ok: true, at: undefined, rest: text };
}

/** A whole phrase that must be a time (`/incident time detected …`): any of the forms above, nothing after it. */
export function parseTimePhrase(input: string, opts: ParseOptions): TimeParseResult {
  const split = splitLeadingTime(input.trim(), opts);
  if (!split.ok) return split;
  if (split.at === undefined || split.rest !== '') return parseWallClock(input, opts);
  return { ok: true, at: split.at };
}
