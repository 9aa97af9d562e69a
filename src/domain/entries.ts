import type { Change, PinnedMessage, TimelineEntry, TimelineKind, TimelineSource } from './timeline.js';

/** Makes the id of each new timeline entry; the rules are handed one, so they stay pure. */
export type EntryIds = (now: number) => string;

/**
 * Ids sort by recording time (base-36 milliseconds, fixed width), then by the order they were
 * made within that millisecond, so entries that happened at the same moment (a declare and its
 * commander, a resolve and its close) keep their order when Redis breaks score ties; a random
 * tail keeps two processes writing to one incident in the same millisecond apart. The random
 * source is drawn 4,096 ids at a time (one call per id showed in profiles). One source per
 * process (runtime/services.ts); tests make their own.
 */
export function entryIdSource(fillRandom: (bytes: Uint8Array) => void): EntryIds {
  let lastMs = -1;
  let sequence = 0;
  const pool = new Uint8Array(8_192);
  let poolAt = pool.length;
  const hex = (b: number | undefined): string => (b ?? 0).toString(16).padStart(2, '0');
  return (now) => {
    sequence = now === lastMs ? sequence + 1 : 0;
    lastMs = now;
    if (poolAt >= pool.length) {
      fillRandom(pool);
      poolAt = 0;
    }
    poolAt += 2;
    return now.toString(36).padStart(9, '0') + sequence.toString(36).padStart(3, '0') + hex(pool[poolAt - 2]) + hex(pool[poolAt - 1]);
  };
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
} & ({ id: string } | { ids: EntryIds })): TimelineEntry {
  return {
    id: 'id' in e ? e.id : e.ids(e.now),
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
