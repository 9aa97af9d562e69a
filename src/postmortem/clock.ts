import { assertTimeZone, offsetMinutes, tzAbbreviation } from '../domain/time-zone.js';

/**
 * The same text as `formatClock` / `formatDay` / `formatDayTime` in src/domain/time-format.ts,
 * but fast enough for 100,000 timeline entries: date-fns with a zone costs ~15 µs a call, which
 * alone would take a postmortem past a second. The zone's offset and abbreviation are looked up
 * once per UTC day and the wall clock is plain arithmetic; a day with a clock change is looked up
 * per hour, and the hour of the change per instant, so daylight-saving edges stay exact. Texts
 * are kept per minute, since a busy timeline has many entries in each.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MINUTE_MS = 60_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

interface ZoneAt {
  offset: number;
  abbr: string;
}

export interface WallClock {
  /** '7:05 PM' */
  time: string;
  /** 'EAT' */
  abbr: string;
  /** 'May 13, 2023' */
  day: string;
  /** '2023-05-13', for comparing days */
  date: string;
}

export interface ZoneClock {
  zone: string;
  wall(at: number): WallClock;
  /** '7:05 PM EAT' */
  clock(at: number): string;
  /** 'May 13, 2023' */
  day(at: number): string;
  /** 'May 13, 2023 7:05 PM EAT' */
  dayTime(at: number): string;
}

export function zoneClock(zone: string): ZoneClock {
  assertTimeZone(zone);
  const days = new Map<number, ZoneAt | null>();
  const hours = new Map<number, ZoneAt | null>();
  // Texts depend on the minute only; a timeline has many entries per minute.
  const clocks = new Map<number, string>();
  const dayTimes = new Map<number, string>();

  function exact(at: number): ZoneAt {
    return { offset: offsetMinutes(zone, at), abbr: tzAbbreviation(zone, at) };
  }

  /** The zone at both ends of a span, when they agree (no clock change inside it), else null. */
  function uniform(start: number, length: number): ZoneAt | null {
    const first = exact(start);
    const last = exact(start + length - 1);
    return first.offset === last.offset && first.abbr === last.abbr ? first : null;
  }

  function zoneAt(at: number): ZoneAt {
    const day = Math.floor(at / DAY_MS);
    let whole = days.get(day);
    if (whole === undefined) {
      whole = uniform(day * DAY_MS, DAY_MS);
      days.set(day, whole);
    }
    if (whole) return whole;
    // The day of a clock change: look it up per hour, and per instant in the hour of the change.
    const hour = Math.floor(at / HOUR_MS);
    let part = hours.get(hour);
    if (part === undefined) {
      part = uniform(hour * HOUR_MS, HOUR_MS);
      hours.set(hour, part);
    }
    return part ?? exact(at);
  }

  function wall(at: number): WallClock {
    const { offset, abbr } = zoneAt(at);
    const local = new Date(at + offset * 60_000);
    const h = local.getUTCHours();
    const minutes = String(local.getUTCMinutes()).padStart(2, '0');
    const year = String(local.getUTCFullYear()).padStart(4, '0');
    const month = local.getUTCMonth();
    const dayOfMonth = local.getUTCDate();
    return {
      time: `${h % 12 === 0 ? 12 : h % 12}:${minutes} ${h < 12 ? 'AM' : 'PM'}`,
      abbr,
      day: `${MONTHS[month] ?? ''} ${dayOfMonth}, ${year}`,
      date: `${year}-${String(month + 1).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`,
    };
  }

  return {
    zone,
    wall,
    clock(at) {
      const minute = Math.floor(at / MINUTE_MS);
      let text = clocks.get(minute);
      if (text === undefined) {
        const w = wall(at);
        text = `${w.time} ${w.abbr}`;
        clocks.set(minute, text);
      }
      return text;
    },
    day(at) {
      return wall(at).day;
    },
    dayTime(at) {
      const minute = Math.floor(at / MINUTE_MS);
      let text = dayTimes.get(minute);
      if (text === undefined) {
        const w = wall(at);
        text = `${w.day} ${w.time} ${w.abbr}`;
        dayTimes.set(minute, text);
      }
      return text;
    },
  };
}
