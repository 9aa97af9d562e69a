import { tz } from '@date-fns/tz';
import * as chrono from 'chrono-node';
import { addBusinessDays, isWeekend } from 'date-fns';
import {
  addCalendarDays,
  assertTimeZone,
  calendarAnchor,
  calendarDayAt,
  compareCalendarDays,
  describeCalendarDay,
  formatCalendarDay,
  offsetMinutes,
  parseCalendarDay,
  weekdayOf,
  type CalendarDay,
} from './time-zone.js';

export type DueDateResult = { ok: true; date: string /* YYYY-MM-DD in zone */ } | { ok: false; error: string };

export const ACCEPTED_DUE_FORMS = '`2027-05-20`, `May 20`, `friday`, `tomorrow`, `in 3 days`, `next monday`';

type DueOptions = { zone: string; now: number };

/** How far ahead a month and day without a year may land: past eight years there is no Feb 29 to find. */
const YEARS_TO_SEARCH = 8;

/**
 * A reading before the past-date check, so `extractDue` can tell "not a date" (try fewer words)
 * from "a date, but wrong" (report it).
 */
type Reading =
  | { kind: 'date'; day: CalendarDay }
  | { kind: 'invalid'; error: string }
  | { kind: 'unreadable' };

function unreadableError(input: string): string {
  if (input === '') return `No due date given. Use one of: ${ACCEPTED_DUE_FORMS}.`;
  return `I couldn't read "${input}" as a due date. Use one of: ${ACCEPTED_DUE_FORMS}.`;
}

/** `by friday.` reads like `friday`; chrono itself does not skip `by`. */
function normalise(input: string): string {
  return input
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.,;:!]+$/, '')
    .replace(/^(?:by|on) /, '');
}

/** Typed as 'YYYY-MM-DD'; chrono would drop '2026-02-30' without saying why. */
function readIsoDate(text: string): Reading | undefined {
  if (!/^\d{4}-\d{1,2}-\d{1,2}$/.test(text)) return undefined;
  const day = parseCalendarDay(text);
  return day ? { kind: 'date', day } : { kind: 'invalid', error: `"${text}" is not a date on the calendar.` };
}

/** 05/06 is May 6 in the US and June 5 elsewhere; a due date read the wrong way is silently a month off. */
function readAmbiguousSlashDate(text: string): Reading | undefined {
  const match = /^(\d{1,2})\/(\d{1,2})(?:\/\d{2,4})?$/.exec(text);
  if (!match) return undefined;
  const [first, second] = [Number(match[1]), Number(match[2])];
  if (first > 12 || second > 12 || first === second) return undefined;
  return {
    kind: 'invalid',
    error: `"${text}" could be month/day or day/month. Write it as \`YYYY-MM-DD\` or like \`May 20\`.`,
  };
}

function chronoResult(text: string, opts: DueOptions): chrono.ParsedResult | undefined {
  // chrono ignores IANA names in `timezone` (chrono#580); a minute offset works. Only the date is kept,
  // so the offset at `now` is enough even when DST changes before the due date.
  const reference = { instant: new Date(opts.now), timezone: offsetMinutes(opts.zone, opts.now) };
  const results = chrono.parse(text, reference, { forwardDate: false });
  const [first] = results;
  // Anything chrono skipped ("friday week", "fridya") means we do not know what was meant.
  if (results.length !== 1 || !first || first.index !== 0 || first.text.length !== text.length) return undefined;
  return first;
}

const WEEKDAY_MODIFIER = /\b(?:next|last|past|previous|this|coming|week)\b/;

/**
 * A weekday on its own means the next such day after today: `friday` said on a Friday is a week
 * away, because a due date of "today" is written `today`. `this friday` may be today.
 */
function nextWeekday(today: CalendarDay, weekday: number, allowToday: boolean): CalendarDay {
  const ahead = (weekday - weekdayOf(today) + 7) % 7;
  return addCalendarDays(today, ahead === 0 && !allowToday ? 7 : ahead);
}

/** A month and day without a year is the next one on or after today: `May 20` said on May 21 is next year. */
function nextMonthDay(today: CalendarDay, month: number, day: number): CalendarDay | undefined {
  for (let year = today.year; year <= today.year + YEARS_TO_SEARCH; year++) {
    const candidate = parseCalendarDay(`${year}-${month}-${day}`);
    if (candidate && compareCalendarDays(candidate, today) >= 0) return candidate;
  }
  return undefined;
}

function componentDay(start: chrono.ParsedComponents): CalendarDay {
  return { year: start.get('year') ?? NaN, month: start.get('month') ?? NaN, day: start.get('day') ?? NaN };
}

/** Turns chrono's reading into a day, replacing its guesses where they are wrong for due dates. */
function dayFromChrono(text: string, result: chrono.ParsedResult, today: CalendarDay): Reading {
  const { start } = result;
  if (result.end) return { kind: 'invalid', error: `"${text}" is a range; give one due date.` };
  const weekday = start.get('weekday');
  if (start.isCertain('weekday') && !start.isCertain('day') && weekday !== null) {
    if (!WEEKDAY_MODIFIER.test(text)) return { kind: 'date', day: nextWeekday(today, weekday, false) };
    if (/\bthis\b/.test(text)) return { kind: 'date', day: nextWeekday(today, weekday, true) };
    return { kind: 'date', day: componentDay(start) };
  }
  const relative = result.tags().has('result/relativeDate');
  if (!start.isCertain('day') && !relative) {
    return { kind: 'invalid', error: `"${text}" does not say which day. Use one of: ${ACCEPTED_DUE_FORMS}.` };
  }
  if (start.isCertain('month') && !start.isCertain('year') && !relative) {
    const day = nextMonthDay(today, start.get('month') ?? NaN, start.get('day') ?? NaN);
    return day ? { kind: 'date', day } : { kind: 'unreadable' };
  }
  return { kind: 'date', day: componentDay(start) };
}

function readDueDate(input: string, opts: DueOptions): Reading {
  const text = normalise(input);
  if (text === '') return { kind: 'unreadable' };
  const today = calendarDayAt(opts.now, opts.zone);
  const early = readIsoDate(text) ?? readAmbiguousSlashDate(text);
  if (early) return early;
  const result = chronoResult(text, opts);
  return result ? dayFromChrono(text, result, today) : { kind: 'unreadable' };
}

function pastError(input: string, day: CalendarDay, opts: DueOptions): string {
  const today = describeCalendarDay(calendarDayAt(opts.now, opts.zone));
  return `"${input.trim()}" is ${describeCalendarDay(day)}, which is in the past (today is ${today} in ${opts.zone}). A due date can be today or later.`;
}

function checkReading(input: string, reading: Reading, opts: DueOptions): DueDateResult {
  if (reading.kind === 'unreadable') return { ok: false, error: unreadableError(input.trim()) };
  if (reading.kind === 'invalid') return { ok: false, error: reading.error };
  if (compareCalendarDays(reading.day, calendarDayAt(opts.now, opts.zone)) < 0) {
    return { ok: false, error: pastError(input, reading.day, opts) };
  }
  return { ok: true, date: formatCalendarDay(reading.day) };
}

/**
 * Reads a due date in `zone` relative to `now`. Today is allowed; earlier days are an error.
 * A bare weekday is the next such day after today (`friday` on a Friday is a week away); `this friday`
 * may be today; `next friday` follows chrono (the Friday of next week). `May 20` without a year is the next
 * May 20 on or after today.
 */
export function parseDueDate(input: string, opts: DueOptions): DueDateResult {
  assertTimeZone(opts.zone);
  return checkReading(input, readDueDate(input, opts), opts);
}

/** Words that end a `due …` phrase in `action add`; mentions (`<@U…>`), links and line ends do too. */
export const DUE_PHRASE_STOP_WORDS = ['corrective', 'preventive'] as const;

const DUE_MARKER = /\bdue:?\s+(?!to\b)/gi;
const PHRASE_END = new RegExp(`<|[;\\n]|\\b(?:${DUE_PHRASE_STOP_WORDS.join('|')})\\b`, 'i');
/** Enough for `the day after tomorrow` or `May 20, 2027 5pm`; longer phrases are not dates. */
const MAX_PHRASE_WORDS = 6;

/**
 * After `due`, did someone try to write a date (`fridya`, `asap`, `end of week`)? Then a failure is an
 * error. Only plain English (`due diligence`, `due to`) or nothing at all leaves `due` in the text.
 */
function looksLikeDateAttempt(phrase: string): boolean {
  const first = phrase.split(/\s+/)[0]?.toLowerCase() ?? '';
  if (first === '') return false;
  return !PLAIN_ENGLISH_AFTER_DUE.has(first.replace(/[.,;:!?]+$/, ''));
}

/** "due" followed by one of these is ordinary English, not the start of a due date. */
const PLAIN_ENGLISH_AFTER_DUE = new Set([
  'to', 'diligence', 'process', 'care', 'course', 'respect', 'regard', 'consideration', 'credit', 'date', 'dates',
  'and', 'or', 'but', 'for', 'from', 'with', 'of', 'as', 'north', 'south', 'east', 'west', 'amount', 'payment', 'payments', 'balance',
]);


type Found = { start: number; end: number; result: DueDateResult };

/** The longest run of words after `due` that reads as a date, or an error if it should have. */
function readPhraseAt(text: string, markerStart: number, phraseStart: number, opts: DueOptions): Found | undefined {
  const region = text.slice(phraseStart);
  const stop = PHRASE_END.exec(region);
  const phrase = stop ? region.slice(0, stop.index) : region;
  const words = [...phrase.matchAll(/\S+/g)].slice(0, MAX_PHRASE_WORDS);
  for (let count = words.length; count >= 1; count--) {
    const last = words[count - 1];
    if (!last) continue;
    const end = last.index + last[0].length;
    const candidate = phrase.slice(0, end);
    const reading = readDueDate(candidate, opts);
    if (reading.kind === 'unreadable') continue;
    return { start: markerStart, end: phraseStart + end, result: checkReading(candidate, reading, opts) };
  }
  if (!looksLikeDateAttempt(phrase.trim())) return undefined;
  const error = `I couldn't read "${phrase.trim()}" after "due" as a date. Use one of: ${ACCEPTED_DUE_FORMS} (for today, \`due today\`).`;
  return { start: markerStart, end: phraseStart + phrase.length, result: { ok: false, error } };
}

function withoutSpan(text: string, start: number, end: number): string {
  const before = text.slice(0, start).replace(/[\s,;]+$/, '');
  const after = text.slice(end).replace(/^[\s,;]+/, '');
  return before && after ? `${before} ${after}` : before || after;
}

/**
 * For `action add <text> … due <date> …`: finds `due <date phrase>`, returns the date and the text without
 * the phrase. The phrase ends at the text's end, a stop word (`corrective`, `preventive`), a mention or a
 * line break; words after the date that are not part of it stay in the text. `due to` is English, not a date.
 */
export function extractDue(
  text: string,
  opts: DueOptions,
): { ok: true; date: string | undefined; rest: string } | { ok: false; error: string } {
  assertTimeZone(opts.zone);
  const found: Found[] = [];
  for (const marker of text.matchAll(DUE_MARKER)) {
    const hit = readPhraseAt(text, marker.index, marker.index + marker[0].length, opts);
    if (hit) found.push(hit);
  }
  const [only, second] = found;
  if (!only) return { ok: true, date: undefined, rest: text };
  if (second) return { ok: false, error: 'Give one due date; this has more than one `due …`.' };
  if (!only.result.ok) return only.result;
  return { ok: true, date: only.result.date, rest: withoutSpan(text, only.start, only.end) };
}

const CALENDAR = tz('UTC');

function requireCalendarDay(date: string): CalendarDay {
  const day = parseCalendarDay(date);
  if (!day) throw new RangeError(`Not a YYYY-MM-DD date: "${date}"`);
  return day;
}

/**
 * Adds N working days (Mon–Fri; public holidays are not known). From a weekend, the first working day
 * counts as one; 0 returns the date unchanged; negative N counts back.
 */
export function addWorkingDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`Working days must be a whole number, got ${days}`);
  const moved = addBusinessDays(calendarAnchor(requireCalendarDay(date)), days, { in: CALENDAR });
  return formatCalendarDay(calendarDayAt(moved.getTime(), 'UTC'));
}

export function isWorkingDay(date: string): boolean {
  return !isWeekend(calendarAnchor(requireCalendarDay(date)), { in: CALENDAR });
}
