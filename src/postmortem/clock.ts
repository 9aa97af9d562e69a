import { assertTimeZone, offsetMinutes, tzAbbreviation } from '../domain/time-zone.js';

/**
 * The same text as `formatClock` / `formatDay` / `formatDayTime` in src/domain/time-format.ts,
 * but fast enough for 100,000 timeline entries: date-fns with a zone costs ~15 µs a call, which
 * alone would take a postmortem past a second. The zone's offset and abbreviation are looked up
 * once per UTC hour and the wall clock is plain arithmetic. An hour with a clock change in it is
 * looked up per instant, so daylight-saving edges stay exact.
 */

const HOUR_MS = 3_600_000;
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
  const hours = new Map<number, ZoneAt | null>();

  function exact(at: number): ZoneAt {
    return { offset: offsetMinutes(zone, at), abbr: tzAbbreviation(zone, at) };
  }

  function zoneAt(at: number): ZoneAt {
    const bucket = Math.floor(at / HOUR_MS);
    let cached = hours.get(bucket);
    if (cached === undefined) {
      const start = bucket * HOUR_MS;
      const first = exact(start);
      const last = exact(start + HOUR_MS - 1);
      cached = first.offset === last.offset && first.abbr === last.abbr ? first : null;
      hours.set(bucket, cached);
    }
    return cached ?? exact(at);
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
      const w = wall(at);
      return `${w.time} ${w.abbr}`;
    },
    day(at) {
      return wall(at).day;
    },
    dayTime(at) {
      const w = wall(at);
      return `${w.day} ${w.time} ${w.abbr}`;
    },
  };
}
