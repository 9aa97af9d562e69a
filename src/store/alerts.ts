import type { RedisClient as Redis } from './redis.js';
import { z } from 'zod';
import { AttachedAlert } from '../domain/alerts/attached.js';
import { keys } from './keys.js';

/** Where a firing alert went: an incident, a triage question, or nowhere (ignored by a rule). */
export const AlertRecord = z.object({
  route: z.string(),
  title: z.string(),
  url: z.string().optional(),
  group: z.string(),
  incident: z.number().int().optional(),
  triage: z.string().optional(),
  ignored: z.boolean().optional(),
  at: z.number().int(),
  /** The job that claimed this alert; until it records where the alert went, others leave it alone. */
  job: z.string().optional(),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

export const TriageRecord = z.object({
  id: z.string(),
  route: z.string(),
  ruleIndex: z.number().int().min(-1),
  group: z.string(),
  title: z.string(),
  channel: z.string(),
  ts: z.string().optional(),
  outcome: z.enum(['open', 'declared', 'attached', 'ignored']),
  incident: z.number().int().optional(),
  by: z.string().optional(),
  createdAt: z.number().int(),
});
export type TriageRecord = z.infer<typeof TriageRecord>;

export function createAlertStore(redis: Redis) {
  return {
    async records(team: string, alertKeys: string[]): Promise<(AlertRecord | undefined)[]> {
      if (alertKeys.length === 0) return [];
      const rows = await redis.hmget(keys.alerts(team), ...alertKeys);
      return rows.map((json) => (json ? AlertRecord.parse(JSON.parse(json)) : undefined));
    },
    /** Claims a new firing alert for one job (HSETNX): false when another job already has it. */
    async claim(team: string, key: string, record: AlertRecord): Promise<boolean> {
      return (await redis.hsetnx(keys.alerts(team), key, JSON.stringify(record))) === 1;
    },
    /** Claims recording one resolve for one job, so two deliveries of it record it once. */
    async claimResolve(team: string, key: string, firedAt: number, job: string): Promise<boolean> {
      const k = keys.alertResolving(team, key, firedAt);
      if ((await redis.set(k, job, 'PX', 3_600_000, 'NX')) === 'OK') return true;
      return (await redis.get(k)) === job;
    },
    async saveRecord(team: string, key: string, record: AlertRecord): Promise<void> {
      await redis.hset(keys.alerts(team), key, JSON.stringify(record));
    },
    async forget(team: string, key: string): Promise<void> {
      await redis.hdel(keys.alerts(team), key);
    },
    /** Remembers for an hour that this alert resolved, so a firing notification that arrives late is not taken as new. */
    async markResolved(team: string, key: string, at: number): Promise<void> {
      await redis.set(keys.alertResolved(team, key), String(at), 'PX', 3_600_000);
    },
    /** When the alert last resolved, and on which incident it was recorded (`<at>` or `<at>:<incident>`). */
    async resolvedAt(team: string, key: string): Promise<{ at: number; incident?: number } | undefined> {
      const v = await redis.get(keys.alertResolved(team, key));
      if (!v) return undefined;
      const [at, incident] = v.split(':');
      return { at: Number(at), ...(incident ? { incident: Number(incident) } : {}) };
    },
    async clearResolved(team: string, key: string): Promise<void> {
      await redis.del(keys.alertResolved(team, key));
    },
    /** The incident an alert group is joined to, `claimed` while someone declares it, or nothing. */
    async group(team: string, group: string): Promise<{ incident: number } | 'claimed' | undefined> {
      const v = await redis.get(keys.alertGroup(team, group));
      if (!v) return undefined;
      return v.startsWith('claim:') ? 'claimed' : { incident: Number(v) };
    },
    async claimGroup(team: string, group: string, token: string, ttlMs: number): Promise<boolean> {
      return (await redis.set(keys.alertGroup(team, group), `claim:${token}`, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async setGroup(team: string, group: string, incident: number, windowMs: number): Promise<void> {
      await redis.set(keys.alertGroup(team, group), String(incident), 'PX', Math.max(1, Math.round(windowMs)));
    },
    /** Drops the group's link only if it still points at `expected` (another process may have re-linked it). */
    async dropGroup(team: string, group: string, expected: string): Promise<void> {
      const key = keys.alertGroup(team, group);
      if ((await redis.get(key)) === expected) await redis.del(key);
    },
    async attached(team: string, n: number): Promise<AttachedAlert[]> {
      const rows = await redis.hvals(keys.incidentAlerts(team, n));
      return rows.map((json) => AttachedAlert.parse(JSON.parse(json)));
    },
    async attachedOne(team: string, n: number, key: string): Promise<AttachedAlert | undefined> {
      const json = await redis.hget(keys.incidentAlerts(team, n), key);
      return json ? AttachedAlert.parse(JSON.parse(json)) : undefined;
    },
    async firingCount(team: string, n: number): Promise<number> {
      return redis.scard(keys.incidentAlertsFiring(team, n));
    },
    /** True once per quiet spell: the caller that gets it posts "All alerts resolved". */
    async claimQuiet(team: string, n: number): Promise<boolean> {
      return (await redis.set(keys.incidentAlertsQuiet(team, n), '1', 'NX')) === 'OK';
    },
    async triage(team: string, id: string): Promise<TriageRecord | undefined> {
      const json = await redis.get(keys.alertTriage(team, id));
      return json ? TriageRecord.parse(JSON.parse(json)) : undefined;
    },
    /** Creates the triage question unless it exists; false when it already did. */
    async createTriage(team: string, t: TriageRecord, ttlMs: number): Promise<boolean> {
      return (await redis.set(keys.alertTriage(team, t.id), JSON.stringify(t), 'PX', ttlMs, 'NX')) === 'OK';
    },
    async saveTriage(team: string, t: TriageRecord, ttlMs: number): Promise<void> {
      await redis.set(keys.alertTriage(team, t.id), JSON.stringify(t), 'PX', ttlMs);
    },
    /** Counts one request against a route's per-minute limit; true while within it. */
    async withinRate(team: string, route: string, limit: number, now: number): Promise<boolean> {
      const key = keys.alertRate(team, route, Math.floor(now / 60_000));
      const [[, count]] = (await redis.multi().incr(key).pexpire(key, 120_000).exec()) as [[Error | null, number], unknown];
      return count <= limit;
    },
  };
}
export type AlertStore = ReturnType<typeof createAlertStore>;
