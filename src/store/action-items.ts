import type { RedisClient as Redis } from './redis.js';
import { ActionItem } from '../domain/action-item.js';
import { dueScore, type ReminderPolicy } from '../domain/action-item-schedule.js';
import { NotFoundError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Guard, Op } from './commit.js';
import { StaleRetryExhausted, type IncidentStore } from './incidents.js';
import { keys } from './keys.js';

/**
 * Action items live in one hash per workspace (id → JSON) with four indexes kept in the same
 * atomic commit as the item and its timeline entry: per incident (all, and open), per owner
 * (open), and a sorted set of open items by due instant, so "what is due now" is one range read.
 */

/** The index writes that take an item from `before` (absent for a new one) to `after`. */
export function itemOps(before: ActionItem | undefined, after: ActionItem, policy: ReminderPolicy): Op[] {
  const team = after.teamId;
  const id = String(after.id);
  const ops: Op[] = [{ op: 'hset', key: keys.actionItems(team), field: id, value: JSON.stringify(after) }];
  if (!before) ops.push({ op: 'sadd', key: keys.incidentActions(team, after.incident), member: id });
  const open = after.state === 'open';
  if (before?.owner && (before.owner !== after.owner || !open)) {
    ops.push({ op: 'srem', key: keys.ownerActions(team, before.owner), member: id });
  }
  if (!open) {
    ops.push({ op: 'srem', key: keys.incidentOpenActions(team, after.incident), member: id });
    ops.push({ op: 'zrem', key: keys.actionsDue(team), member: id });
    return ops;
  }
  ops.push({ op: 'sadd', key: keys.incidentOpenActions(team, after.incident), member: id });
  ops.push({ op: 'zadd', key: keys.actionsDue(team), score: dueScore(after, policy), member: id });
  if (after.owner) {
    ops.push({ op: 'sadd', key: keys.ownerActions(team, after.owner), member: id });
    ops.push({ op: 'sadd', key: keys.actionOwners(team), member: after.owner });
    if (after.ownerTimeZone) ops.push({ op: 'hset', key: keys.ownerZones(team), field: after.owner, value: after.ownerTimeZone });
  }
  return ops;
}

/** What a rule decided: a new item state (and its timeline entries), or nothing to write. */
export type ItemRuleOutcome<R> =
  | { item: ActionItem; entries?: TimelineEntry[]; incident?: Incident; result: R }
  | { item?: undefined; result: R };

export interface ItemChange<R> {
  result: R;
  changed: boolean;
  /** The item as read before the change (absent for a new one). */
  before: ActionItem | undefined;
  /** The item as written, or as read when nothing changed. */
  item: ActionItem | undefined;
  incidentBefore: Incident;
  incident: Incident;
  entries: TimelineEntry[];
}

// Removes an owner from the fan-out list only if they still own nothing, in one step, so an
// item assigned at the same moment is never missed.
const PRUNE_OWNER_LUA = `
if redis.call('SCARD', KEYS[2]) == 0 then return redis.call('SREM', KEYS[1], ARGV[1]) end
return 0
`;

function parseAll(rows: (string | null)[]): ActionItem[] {
  return rows.flatMap((json) => (json ? [ActionItem.parse(JSON.parse(json))] : []));
}

export function createActionItemStore(redis: Redis) {
  async function get(team: string, id: number): Promise<ActionItem | undefined> {
    const json = await redis.hget(keys.actionItems(team), String(id));
    return json ? ActionItem.parse(JSON.parse(json)) : undefined;
  }

  async function getMany(team: string, ids: readonly (number | string)[]): Promise<ActionItem[]> {
    if (ids.length === 0) return [];
    return parseAll(await redis.hmget(keys.actionItems(team), ...ids.map(String)));
  }

  /** Every item of the incident, any state, oldest first. */
  async function listForIncident(team: string, incident: number): Promise<ActionItem[]> {
    const items = await getMany(team, await redis.smembers(keys.incidentActions(team, incident)));
    return items.sort((a, b) => a.id - b.id);
  }

  async function countOpenForIncident(team: string, incident: number): Promise<number> {
    return redis.scard(keys.incidentOpenActions(team, incident));
  }

  async function countForIncident(team: string, incident: number): Promise<number> {
    return redis.scard(keys.incidentActions(team, incident));
  }

  async function openForOwner(team: string, owner: string): Promise<ActionItem[]> {
    const items = await getMany(team, await redis.smembers(keys.ownerActions(team, owner)));
    return items.filter((i) => i.state === 'open' && i.owner === owner);
  }

  async function owners(team: string): Promise<string[]> {
    return redis.smembers(keys.actionOwners(team));
  }

  /** Owner → zone for the given owners; undefined where users.info never told us. */
  async function ownerZones(team: string, users: readonly string[]): Promise<(string | undefined)[]> {
    if (users.length === 0) return [];
    const rows = await redis.hmget(keys.ownerZones(team), ...users);
    return rows.map((z) => z ?? undefined);
  }

  async function setOwnerZone(team: string, owner: string, zone: string): Promise<void> {
    await redis.hset(keys.ownerZones(team), owner, zone);
  }

  /** True when the owner owned nothing open any more and was taken off the digest list. */
  async function pruneOwner(team: string, owner: string): Promise<boolean> {
    const removed = await redis.eval(PRUNE_OWNER_LUA, 2, keys.actionOwners(team), keys.ownerActions(team, owner), owner);
    return removed === 1;
  }

  /** Ids of open items whose due instant is at or before `until`, most overdue first. */
  async function dueIds(team: string, until: number, limit?: number): Promise<number[]> {
    const key = keys.actionsDue(team);
    const ids = limit === undefined
      ? await redis.zrangebyscore(key, '-inf', String(until))
      : await redis.zrangebyscore(key, '-inf', String(until), 'LIMIT', '0', String(limit));
    return ids.map(Number);
  }

  /** Open items of the workspace in due order (overdue first, undated last). */
  async function openPage(team: string, offset: number, limit: number): Promise<ActionItem[]> {
    const ids = await redis.zrange(keys.actionsDue(team), String(offset), String(offset + limit - 1));
    return getMany(team, ids);
  }

  async function openCount(team: string): Promise<number> {
    return redis.zcard(keys.actionsDue(team));
  }

  async function nextId(team: string): Promise<number> {
    return redis.incr(keys.actionSeq(team));
  }

  /**
   * Load the incident, then the item, apply a pure rule, and write item, indexes and timeline
   * entries in one commit guarded by the incident's version. Every item write goes through here,
   * so a concurrent change to the item always bumps that version and sends us round again.
   * (`incidents.mutate` cannot be used as is: its rule is synchronous and the item must be read
   * after the incident's version.)
   */
  async function change<R>(
    incidents: IncidentStore,
    team: string,
    incidentNumber: number,
    id: number,
    rule: (incident: Incident, item: ActionItem | undefined) => ItemRuleOutcome<R>,
    policy: ReminderPolicy,
    opts: { isNew?: boolean; attempts?: number } = {},
  ): Promise<ItemChange<R>> {
    for (let attempt = 0; attempt < (opts.attempts ?? 20); attempt++) {
      const loaded = await incidents.load(team, incidentNumber);
      if (!loaded) throw new NotFoundError(`INC-${incidentNumber} does not exist.`);
      const current = await get(team, id);
      if (current && current.incident !== incidentNumber) throw new Error(`A${id} belongs to INC-${current.incident}, not INC-${incidentNumber}`);
      const out = rule(loaded.incident, current);
      const unchanged = { result: out.result, changed: false, before: current, item: current, incidentBefore: loaded.incident, incident: loaded.incident, entries: [] };
      if (!out.item) return unchanged;
      const incident = out.incident ?? loaded.incident;
      const entries = out.entries ?? [];
      const guards: Guard[] = opts.isNew ? [{ absent: { key: keys.actionItems(team), field: String(id) } }] : [];
      const saved = await incidents.save(loaded.version, { incident, add: entries, ops: itemOps(current, out.item, policy), guards });
      if (saved.ok) return { result: out.result, changed: true, before: current, item: out.item, incidentBefore: loaded.incident, incident, entries };
      if (saved.reason === 'guard') return unchanged;
    }
    throw new StaleRetryExhausted(`INC-${incidentNumber}`);
  }

  return {
    get,
    getMany,
    listForIncident,
    countOpenForIncident,
    countForIncident,
    openForOwner,
    owners,
    ownerZones,
    setOwnerZone,
    pruneOwner,
    dueIds,
    openPage,
    openCount,
    nextId,
    change,
  };
}

export type ActionItemStore = ReturnType<typeof createActionItemStore>;

const stores = new WeakMap<Redis, ActionItemStore>();

/** One store per Redis connection, so handlers and processors need not thread it through Services. */
export function actionItemStoreFor(redis: Redis): ActionItemStore {
  let store = stores.get(redis);
  if (!store) {
    store = createActionItemStore(redis);
    stores.set(redis, store);
  }
  return store;
}
