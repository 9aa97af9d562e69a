import type { RedisClient as Redis } from './redis.js';
import { Incident } from '../domain/incident.js';
import { TimelineEntry } from '../domain/timeline.js';
import { commit, type Guard, type Op } from './commit.js';
import { keys } from './keys.js';
import { openIndexOps, openPage } from './open-list.js';

export interface Loaded {
  incident: Incident;
  version: number;
}

/** What a pure rule decided; written in one atomic step with the incident. */
export interface Change {
  incident: Incident;
  add?: TimelineEntry[];
  /** Entries rewritten in place (an edited 📌 message). */
  replace?: TimelineEntry[];
  remove?: string[];
  /** Writes to other keys of the same workspace (indexes, action items). */
  ops?: Op[];
  guards?: Guard[];
}

/** A pure rule: what to change given the incident as read, and what to tell the caller. */
type Rule<R> = (loaded: Loaded) => { change: Change; result: R } | { change?: undefined; result: R };

/** Thrown by a rule to refuse a change; the message is for the user. */
export class StaleRetryExhausted extends Error {
  constructor(label: string) {
    super(`${label} is being changed by many people at once; try again in a moment.`);
  }
}

/**
 * How long after it is sent a write may still happen. The app connection's commandTimeout is
 * 2.5 s (store/redis.ts): a write Redis has not run 1.5 s after it was sent is refused by the
 * commit script, leaving a second for the two clocks to disagree before anyone hears "not saved".
 */
export const WRITE_DEADLINE_MS = 1_500;

/** Redis ran the write too late (after a stall or a reconnect) and refused it: nothing was saved. */
export class WriteExpired extends Error {
  constructor() {
    super('Redis answered too late; the write was refused and nothing was saved');
  }
}

/** The wall clock even when a test fakes Date: deadlines are compared with Redis's own clock. */
function wallClock(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The id is already the hash field and the sorted-set member; storing it a third time inside
 * the JSON would cost ~25 bytes an entry (the store's budget is 400 B an entry).
 */
function encodeEntry(e: TimelineEntry): string {
  const { id: _id, ...rest } = e;
  return JSON.stringify(rest);
}

function decodeEntry(id: string, json: string): TimelineEntry {
  return TimelineEntry.parse({ ...(JSON.parse(json) as object), id });
}

export function entryOps(team: string, n: number, change: Pick<Change, 'add' | 'replace' | 'remove'>): Op[] {
  const tl = keys.timeline(team, n);
  const order = keys.timelineOrder(team, n);
  const ops: Op[] = [];
  for (const e of [...(change.add ?? []), ...(change.replace ?? [])]) {
    ops.push({ op: 'hset', key: tl, field: e.id, value: encodeEntry(e) });
    ops.push({ op: 'zadd', key: order, score: e.at, member: e.id });
  }
  for (const id of change.remove ?? []) {
    ops.push({ op: 'hdel', key: tl, field: id });
    ops.push({ op: 'zrem', key: order, member: id });
  }
  return ops;
}

/**
 * The indexes derived from an incident, written with every version-bumping save so no caller
 * keeps them by hand: the open-incident sets (closed ones leave them, reopened ones come back) and
 * channel → incident. Both writes are idempotent.
 */
function indexOps(incident: Incident): Op[] {
  const { teamId: team, number: n } = incident;
  const ops: Op[] = [
    incident.status === 'closed'
      ? { op: 'zrem', key: keys.openIncidents(team), member: String(n) }
      : { op: 'zadd', key: keys.openIncidents(team), score: incident.keyTimes.declared ?? incident.createdAt, member: String(n) },
  ];
  if (incident.setup.channelId) ops.push({ op: 'hset', key: keys.channels(team), field: incident.setup.channelId, value: String(n) });
  // The list order (severity, then age), public and private apart: store/open-list.ts.
  ops.push(...openIndexOps(incident));
  return ops;
}

/**
 * Lets a feature write with every change (in the same atomic commit) and act after it: the one
 * place every recorded change passes, whoever made it (webhooks out use it as their outbox).
 */
export interface CommitHooks {
  ops(change: Change): Op[];
  committed(change: Change): void;
}

export function createIncidentStore(redis: Redis, hooks?: CommitHooks) {
  /**
   * The newest copy of each incident this process has read or written. Only `loadRecent`
   * answers from it, for commands that write through the version check (which catches any
   * newer write by another process); everything else reads Redis.
   */
  const recent = new Map<string, Loaded>();
  function remember(key: string, loaded: Loaded): void {
    const had = recent.get(key);
    if (had && had.version > loaded.version) return;
    if (!had && recent.size >= 2_000) recent.clear();
    recent.set(key, loaded);
  }

  async function load(team: string, n: number): Promise<Loaded | undefined> {
    const key = keys.incident(team, n);
    const [json, v] = await redis.hmget(key, 'json', 'v');
    if (!json) return undefined;
    const loaded = { incident: Incident.parse(JSON.parse(json)), version: Number(v ?? 0) };
    remember(key, loaded);
    return loaded;
  }

  /** The last copy this process saw, else a read: for writes checked against the version (a note), saving a round trip. */
  async function loadRecent(team: string, n: number): Promise<Loaded | undefined> {
    return recent.get(keys.incident(team, n)) ?? load(team, n);
  }

  async function loadMany(team: string, numbers: number[]): Promise<Incident[]> {
    const rows = await Promise.all(numbers.map((n) => redis.hget(keys.incident(team, n), 'json')));
    return rows.flatMap((json) => (json ? [Incident.parse(JSON.parse(json))] : []));
  }

  async function nextNumber(team: string): Promise<number> {
    return redis.incr(keys.incidentSeq(team));
  }

  /**
   * Writes a change computed from version `expected`; false when someone else wrote first or a
   * guard tripped. A change whose incident is the one it was computed from (`unchanged`) adds or
   * edits entries only: the version is still checked but not bumped, and the record not rewritten.
   */
  async function save(
    expected: number,
    change: Change,
    unchanged = false,
  ): Promise<{ ok: true; version: number } | { ok: false; reason: 'stale' | 'guard' }> {
    const { teamId: team, number: n } = change.incident;
    const ops = [...entryOps(team, n, change), ...(unchanged ? [] : indexOps(change.incident)), ...(change.ops ?? []), ...(hooks?.ops(change) ?? [])];
    const key = keys.incident(team, n);
    // An added entry's id (made by this process, before the write) is its idempotency key:
    // a retried or replayed write finds it there and saves nothing twice.
    const tl = keys.timeline(team, n);
    const once: Guard[] = (change.add ?? []).map((e) => ({ absent: { key: tl, field: e.id } }));
    const guards = [...(change.guards ?? []), ...once];
    const result = await commit(redis, key, expected, unchanged ? '' : JSON.stringify(change.incident), ops, guards, wallClock() + WRITE_DEADLINE_MS);
    if (!result.ok && result.reason === 'expired') throw new WriteExpired();
    if (!result.ok) return { ok: false, reason: result.reason };
    remember(key, { incident: change.incident, version: result.version });
    hooks?.committed(change);
    return result;
  }

  /**
   * Changes that bump an incident's version take turns within this process. Without this, k
   * such changes arriving together all load the same version, one wins and k-1 retry, so a
   * burst costs about k²/2 attempts and ends in StaleRetryExhausted ("Nothing was saved").
   * Writers in other processes are still caught by the version check and retried. Changes that
   * only add entries (notes) bump nothing, so they never conflict and never wait for a turn:
   * a single turn per incident capped one process at one note per two Redis round trips.
   */
  const turns = new Map<string, Promise<unknown>>();
  async function inTurn<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (turns.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    turns.set(key, tail);
    try {
      return await run;
    } finally {
      if (turns.get(key) === tail) turns.delete(key);
    }
  }

  /**
   * Load, apply a pure rule, save; on a concurrent write, reload and apply again so both
   * people's changes land, in the order Redis saw them.
   * The rule returns no change to change nothing (e.g. a retry of something already recorded).
   */
  async function mutate<R>(
    team: string,
    n: number,
    rule: Rule<R>,
    attempts = 20,
    /** A copy the caller just read: tried first, saving a round trip; the version check catches anything newer. */
    known?: Loaded,
  ): Promise<{ result: R; incident: Incident; changed: boolean }> {
    const loaded = known ?? (await load(team, n));
    if (!loaded) throw new Error(`INC-${n} does not exist`);
    const outcome = rule(loaded);
    if (!outcome.change) return { result: outcome.result, incident: loaded.incident, changed: false };
    if (outcome.change.incident !== loaded.incident) {
      // It bumps the version: take a turn, trying first the copy just read.
      return inTurn(keys.incident(team, n), () => mutateNow(team, n, rule, attempts, loaded));
    }
    // Entries only (a note): nothing to conflict with other entries, so no turn to wait for.
    const saved = await save(loaded.version, outcome.change, true);
    if (saved.ok) return { result: outcome.result, incident: loaded.incident, changed: true };
    if (saved.reason === 'guard') return { result: outcome.result, incident: loaded.incident, changed: false };
    return inTurn(keys.incident(team, n), () => mutateNow(team, n, rule, attempts));
  }

  async function mutateNow<R>(
    team: string,
    n: number,
    rule: Rule<R>,
    attempts: number,
    known?: Loaded,
  ): Promise<{ result: R; incident: Incident; changed: boolean }> {
    for (let i = 0; i < attempts; i++) {
      const loaded = i === 0 && known ? known : await load(team, n);
      if (!loaded) throw new Error(`INC-${n} does not exist`);
      const outcome = rule(loaded);
      if (!outcome.change) return { result: outcome.result, incident: loaded.incident, changed: false };
      const saved = await save(loaded.version, outcome.change, outcome.change.incident === loaded.incident);
      if (saved.ok) return { result: outcome.result, incident: outcome.change.incident, changed: true };
      if (saved.reason === 'guard') return { result: outcome.result, incident: loaded.incident, changed: false };
      // Another process wrote first; a short random pause keeps several processes from colliding again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** i)));
    }
    throw new StaleRetryExhausted(`INC-${n}`);
  }

  /**
   * A channel, once an incident's, stays that incident's (the index is written once, at
   * declare, and never changed), so what was found is remembered; every command asks.
   */
  const channelIncidents = new Map<string, number>();
  async function findByChannel(team: string, channel: string): Promise<number | undefined> {
    const key = `${team}|${channel}`;
    const known = channelIncidents.get(key);
    if (known !== undefined) return known;
    const n = await redis.hget(keys.channels(team), channel);
    if (!n) return undefined;
    if (channelIncidents.size >= 50_000) channelIncidents.clear();
    channelIncidents.set(key, Number(n));
    return Number(n);
  }

  async function openNumbers(team: string): Promise<number[]> {
    const members = await redis.zrange(keys.openIncidents(team), '0', '-1');
    return members.map(Number);
  }

  async function timelineCount(team: string, n: number): Promise<number> {
    return redis.zcard(keys.timelineOrder(team, n));
  }

  /** Oldest first; `offset`/`limit` page through without loading the whole timeline. */
  async function timelinePage(team: string, n: number, offset: number, limit: number): Promise<TimelineEntry[]> {
    const ids = await redis.zrange(keys.timelineOrder(team, n), String(offset), String(offset + limit - 1));
    if (ids.length === 0) return [];
    const rows = await redis.hmget(keys.timeline(team, n), ...ids);
    return rows.flatMap((json, i) => (json ? [decodeEntry(ids[i] ?? '', json)] : []));
  }

  async function timelineAll(team: string, n: number, chunk = 5_000): Promise<TimelineEntry[]> {
    const out: TimelineEntry[] = [];
    for (let offset = 0; ; offset += chunk) {
      const page = await timelinePage(team, n, offset, chunk);
      out.push(...page);
      if (page.length < chunk) return out;
    }
  }

  async function entry(team: string, n: number, id: string): Promise<TimelineEntry | undefined> {
    const json = await redis.hget(keys.timeline(team, n), id);
    return json ? decodeEntry(id, json) : undefined;
  }

  /** One page of the open incidents a person may see, most severe first (store/open-list.ts). */
  const openIncidentsPage = (team: string, page: number, size: number, visible: (i: Incident) => boolean) => openPage(redis, team, page, size, visible);

  return { load, loadRecent, loadMany, nextNumber, save, mutate, findByChannel, openNumbers, openIncidentsPage, timelineCount, timelinePage, timelineAll, entry };
}

export type IncidentStore = ReturnType<typeof createIncidentStore>;
