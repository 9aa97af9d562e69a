import { randomBytes } from 'node:crypto';
import type { Change, PinnedMessage, TimelineEntry, TimelineKind, TimelineSource } from './timeline.js';

/**
 * Ids sort by recording time (base-36 milliseconds, fixed width), so entries that happened
 * at the same moment keep the order they were recorded in when Redis breaks score ties.
 */
export function newEntryId(now: number): string {
  return now.toString(36).padStart(9, '0') + randomBytes(3).toString('hex');
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
