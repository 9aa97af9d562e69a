import * as chrono from 'chrono-node';
import { formatDayTime } from './time-format.js';
import { offsetMinutes, wallClockToInstant } from './time-zone.js';

/**
 * The forms people type in a hurry: `10 min ago`, `5m ago`, `2 hours ago`, `yesterday 17:05`,
 * `today 9:30am`. Read with chrono, with the same zone fix as due dates (chrono ignores IANA names,
 * chrono#580): it gets the minute offset at `now` and only its calendar reading is kept; the instant
 * of a wall-clock time is worked out in the incident's zone, so a DST change since yesterday is right.
 */
export type NaturalReading = { ok: true; at: number; end: number } | { ok: false; error: string } | undefined;

type Options = { zone: string; now: number; forms: string };

const DAY_WORD = /^(?:yesterday|today)$/i;
/**
 * "a few minutes ago", "several hours ago", "a couple of minutes ago": chrono reads them as 3, 7 and
 * 2, a precision nobody gave. They are refused with a request for a number, not saved as a guess.
 */
const VAGUE_AGO = /^(?:an?\s+)?(?:few|several|couple(?:\s+of)?)\s+\S+\s+ago\b/i;
const AGO = /^ago[,;:]?$/i;
const SKEW_MS = 60_000;

/** Does the text start like one of these forms? Only then is a failure to read it an error. */
export function startsLikeNaturalTime(text: string): boolean {
  if (VAGUE_AGO.test(text.trim())) return true;
  const words = text.trim().split(/\s+/, 4);
  if (DAY_WORD.test(words[0]?.replace(/[,;:]$/, '') ?? '')) return true;
  return words.slice(1, 4).some((w) => AGO.test(w)) && /^(?:\d|an?$|one$)/i.test(words[0] ?? '');
}

function unreadable(phrase: string, forms: string): { ok: false; error: string } {
  return { ok: false, error: `I couldn't read "${phrase}" as a time. Use one of: ${forms}.` };
}

/** The words up to and including `ago`, or the day word and the two after it, for the error message. */
function attemptedPhrase(text: string): string {
  const words = text.trim().split(/\s+/);
  const ago = words.findIndex((w) => AGO.test(w));
  return words.slice(0, ago >= 0 ? ago + 1 : Math.min(words.length, 3)).join(' ').replace(/[,;:]$/, '');
}

export function readNaturalTime(text: string, opts: Options): NaturalReading {
  if (!startsLikeNaturalTime(text)) return undefined;
  const leading = text.length - text.trimStart().length;
  const reference = { instant: new Date(opts.now), timezone: offsetMinutes(opts.zone, opts.now) };
  const phrase = attemptedPhrase(text);
  if (VAGUE_AGO.test(text.trim())) return { ok: false, error: `"${phrase}" is not a time I can place: give a number, like \`10 min ago\`, or a clock time like \`7:05 PM\`.` };
  const [result] = chrono.parse(text.trimStart(), reference, { forwardDate: false });
  if (!result || result.index !== 0) return unreadable(phrase, opts.forms);
  const end = leading + result.text.length;
  // chrono stops where it stops reading: "yesterday 25:00" reads as "yesterday" alone.
  if (text.slice(end).trimStart() !== '' && !/^[\s,;:]/.test(text.slice(end))) return unreadable(phrase, opts.forms);
  const start = result.start;
  let at: number;
  if (result.tags().has('result/relativeDate')) {
    if (!/\bago$/i.test(result.text)) return unreadable(phrase, opts.forms);
    at = start.date().getTime();
  } else {
    if (!start.isCertain('hour')) {
      return { ok: false, error: `"${phrase}" needs a time of day, like \`yesterday 17:05\` or \`yesterday 5pm\`.` };
    }
    const day = { year: start.get('year') ?? NaN, month: start.get('month') ?? NaN, day: start.get('day') ?? NaN };
    const wall = wallClockToInstant(day, start.get('hour') ?? 0, start.get('minute') ?? 0, opts.zone);
    if (wall.skipped) return { ok: false, error: `"${result.text}" does not exist in ${opts.zone}: the clocks skipped it that day.` };
    at = wall.at;
  }
  if (at > opts.now + SKEW_MS) {
    return { ok: false, error: `That time is in the future: "${result.text}" is ${formatDayTime(at, opts.zone)}, and it is now ${formatDayTime(opts.now, opts.zone)}.` };
  }
  return { ok: true, at, end };
}
