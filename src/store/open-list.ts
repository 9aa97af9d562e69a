import type { RedisClient as Redis } from './redis.js';
import { Incident } from '../domain/incident.js';
import { severityRank } from '../domain/severity.js';
import type { Op } from './commit.js';
import { keys } from './keys.js';

/**
 * `/incident list` reads one page, not every open incident: two sorted sets per workspace hold
 * the open incidents in list order (most severe first, then oldest first), public and private
 * apart. A page costs one range read of the public index, the few private incidents the person
 * may see, and the page's incidents; 10,000 open incidents no longer mean 10,000 reads.
 * The store keeps the indexes in the same atomic write as every change of an incident.
 */

/** Severity first (sev1 = 1), then declare time; both fit a double exactly (rank·10¹³ + ms). */
export function openScore(incident: Pick<Incident, 'severity' | 'createdAt'>): number {
  return severityRank(incident.severity) * 1e13 + incident.createdAt;
}

/** Index writes for an incident as it now stands (open or not, public or private, its severity). */
export function openIndexOps(incident: Incident): Op[] {
  const member = String(incident.number);
  const pub = keys.openPublic(incident.teamId);
  const priv = keys.openPrivate(incident.teamId);
  if (incident.status === 'closed') return [{ op: 'zrem', key: pub, member }, { op: 'zrem', key: priv, member }];
  const score = openScore(incident);
  return incident.private
    ? [{ op: 'zadd', key: priv, score, member }, { op: 'zrem', key: pub, member }]
    : [{ op: 'zadd', key: pub, score, member }, { op: 'zrem', key: priv, member }];
}

export interface OpenPage {
  incidents: Incident[];
  /** Open incidents this person may see, all pages together. */
  total: number;
}

async function loadAll(redis: Redis, team: string, numbers: string[]): Promise<Incident[]> {
  if (numbers.length === 0) return [];
  const pipe = redis.pipeline();
  for (const n of numbers) pipe.hget(keys.incident(team, Number(n)), 'json');
  const rows = (await pipe.exec()) ?? [];
  return rows.flatMap(([err, json]) => (!err && typeof json === 'string' ? [Incident.parse(JSON.parse(json))] : []));
}

/**
 * Incidents open before the indexes existed are indexed once, from the older open set. A
 * change racing this one-off build is written by its own commit as well, so at worst the
 * build re-adds what that change just wrote.
 */
async function ensureIndexed(redis: Redis, team: string): Promise<void> {
  if ((await redis.exists(keys.openIndexBuilt(team))) === 1) return;
  const numbers = await redis.zrange(keys.openIncidents(team), '0', '-1');
  for (let i = 0; i < numbers.length; i += 500) {
    const batch = await loadAll(redis, team, numbers.slice(i, i + 500));
    const pipe = redis.pipeline();
    for (const incident of batch) {
      for (const op of openIndexOps(incident)) {
        if (op.op === 'zadd') pipe.zadd(op.key, op.score, op.member);
        else if (op.op === 'zrem') pipe.zrem(op.key, op.member);
      }
    }
    await pipe.exec();
  }
  await redis.set(keys.openIndexBuilt(team), '1');
}

/**
 * Page `page` (from 1) of the open incidents `visible` lets this person see, in list order.
 * Private incidents are few; those she may see are merged into the public order by score.
 */
export async function openPage(redis: Redis, team: string, page: number, size: number, visible: (i: Incident) => boolean): Promise<OpenPage> {
  await ensureIndexed(redis, team);
  const pub = keys.openPublic(team);
  const [publicCount, privateNumbers] = await Promise.all([redis.zcard(pub), redis.zrange(keys.openPrivate(team), '0', '-1')]);
  const mine = (await loadAll(redis, team, privateNumbers)).filter(visible).sort((a, b) => openScore(a) - openScore(b));
  // Where each of her private incidents falls in the merged order: public ones before it, plus private ones before it.
  const before = await Promise.all(mine.map((i) => redis.zcount(pub, '-inf', `(${openScore(i)}`)));
  const merged = mine.map((incident, k) => ({ incident, at: (before[k] ?? 0) + k }));
  const from = (page - 1) * size;
  const to = from + size;
  const privateBefore = merged.filter((m) => m.at < from).length;
  const privateIn = merged.filter((m) => m.at >= from && m.at < to);
  const publicFrom = from - privateBefore;
  const publicWanted = size - privateIn.length;
  const publicNumbers = publicWanted > 0 ? await redis.zrange(pub, String(publicFrom), String(publicFrom + publicWanted - 1)) : [];
  const publicIncidents = await loadAll(redis, team, publicNumbers);
  const incidents = [...publicIncidents, ...privateIn.map((m) => m.incident)].sort((a, b) => openScore(a) - openScore(b));
  return { incidents, total: publicCount + mine.length };
}
