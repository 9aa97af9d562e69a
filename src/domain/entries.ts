import { randomFillSync } from 'node:crypto';
import type { Change, PinnedMessage, TimelineEntry, TimelineKind, TimelineSource } from './timeline.js';

let lastMs = -1;
let sequence = 0;

/** One call to the system's random source per 4,096 ids instead of one per id (it showed in profiles). */
const pool = Buffer.alloc(8_192);
let poolAt = pool.length;

function randomTail(): string {
  if (poolAt >= pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  poolAt += 2;
  return pool.toString('hex', poolAt - 2, poolAt);
}

/**
 * Ids sort by recording time (base-36 milliseconds, fixed width) and then by the order they
 * were made in this process, so entries that happened at the same moment (a declare and its
 * commander, a resolve and its close) keep their order when Redis breaks score ties. The
 * random tail keeps ids from two processes in the same millisecond apart.
 */
export function newEntryId(now: number): string {
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  return now.toString(36).padStart(9, '0') + sequence.toString(36).padStart(3, '0') + randomTail();
}

/** 📌 entries are keyed by the message, so a second 📌 or a redelivered event finds the first. */
export function pinEntryId(ts: string): string {
  return `pin-${ts}`;
}

export function makeEntry(e: {
  kind: TimelineKind;
  at: number;
  now: number;
  text: string;
  author?: string | undefined;
  source: TimelineSource;
  change?: Change;
  pin?: PinnedMessage;
  id?: string;
}): TimelineEntry {
  return {
    id: e.id ?? newEntryId(e.now),
    at: e.at,
    recordedAt: e.now,
    kind: e.kind,
    text: e.text,
    ...(e.author ? { author: e.author } : {}),
    source: e.source,
    ...(e.change ? { change: e.change } : {}),
    ...(e.pin ? { pin: e.pin } : {}),
  };
}

export function mention(user: string): string {
  return `<@${user}>`;
}

/** The Slack users a text mentions (`<@U123>` or `<@U123|name>`), in order. */
export function mentionedUsers(text: string): string[] {
  if (!text.includes('<@')) return [];
  return [...text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g)].flatMap((m) => (m[1] ? [m[1]] : []));
}
