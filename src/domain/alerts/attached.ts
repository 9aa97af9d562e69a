import { createHash } from 'node:crypto';
import { z } from 'zod';
import { makeEntry } from '../entries.js';
import type { TimelineEntry } from '../timeline.js';
import { AlertStatus, type NormalizedAlert } from './alert.js';

/** An alert as an incident keeps it: what the card lists and the "all resolved" check reads. */
export const AttachedAlert = z.object({
  key: z.string(),
  title: z.string(),
  status: AlertStatus,
  url: z.string().optional(),
  firedAt: z.number().int(),
  resolvedAt: z.number().int().optional(),
});
export type AttachedAlert = z.infer<typeof AttachedAlert>;

/** `<route>|<fingerprint>`: fingerprints are only unique within one sender. */
export function alertKey(route: string, fingerprint: string): string {
  return `${route}|${fingerprint}`;
}

/**
 * The timeline entry of one fire or resolve. Its id is derived from the alert and the moment,
 * so a retried job writes the same entry again instead of a second one.
 */
export function alertEntry(alert: NormalizedAlert, key: string, now: number): TimelineEntry {
  const at = (alert.status === 'resolved' ? alert.endsAt : alert.startsAt) ?? now;
  const id = `alert-${createHash('sha256').update(`${key}\u0000${alert.status}\u0000${at}`).digest('hex').slice(0, 20)}`;
  const verb = alert.status === 'firing' ? 'Alert firing' : 'Alert resolved';
  const link = alert.url ? ` <${alert.url}|source>` : '';
  return makeEntry({ id, kind: 'alert', at: Math.min(at, now), now, text: `${verb}: ${alert.title}${link}`, source: 'system' });
}

export function attachedFrom(alert: NormalizedAlert, key: string, now: number, before?: AttachedAlert): AttachedAlert {
  if (alert.status === 'firing') {
    return { key, title: alert.title, status: 'firing', ...(alert.url ? { url: alert.url } : {}), firedAt: alert.startsAt ?? now };
  }
  return {
    key,
    title: before?.title ?? alert.title,
    status: 'resolved',
    ...(alert.url ?? before?.url ? { url: alert.url ?? before?.url } : {}),
    firedAt: before?.firedAt ?? alert.startsAt ?? now,
    resolvedAt: alert.endsAt ?? now,
  };
}
