import type { Result } from 'ioredis';
import { unreplicatedCommits } from '../telemetry/metrics.js';
import { replicasToWaitFor, type RedisClient as Redis } from './client.js';

/**
 * One atomic write: a compare-and-set on an incident's version plus any number of
 * hash / sorted-set / set writes to keys of the same workspace. Guards are checked
 * before anything is written, so a commit either happens whole or not at all.
 */
export type Op =
  | { op: 'hset'; key: string; field: string; value: string }
  | { op: 'hdel'; key: string; field: string }
  | { op: 'zadd'; key: string; score: number; member: string }
  | { op: 'zrem'; key: string; member: string }
  | { op: 'sadd'; key: string; member: string }
  | { op: 'srem'; key: string; member: string }
  | { op: 'set'; key: string; value: string; ttlMs?: number }
  | { op: 'del'; key: string };

/** A field that must not exist yet (idempotency of 📌 and retries). */
export type Guard = { absent: { key: string; field: string } };

export type CommitResult =
  | { ok: true; version: number }
  | { ok: false; reason: 'stale'; version: number }
  | { ok: false; reason: 'guard' }
  | { ok: false; reason: 'expired' };

/**
 * A write carries the instant after which it must not happen (ARGV[5], Unix ms; '' for none).
 * ioredis's commandTimeout only rejects the promise: the command is still on the socket, and a
 * stalled Redis (SIGSTOP, a long fork) runs it when it wakes; the offline queue and the resend
 * after a reconnect replay it too. With the deadline checked against Redis's own clock, a write
 * whose caller gave up can never land later, so "not saved" is the truth.
 */
const COMMIT_LUA = `
local versionKey = KEYS[1]
local expected = tonumber(ARGV[1])
if ARGV[5] ~= '' then
  local t = redis.call('TIME')
  if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[5]) then
    return {'expired', 0}
  end
end
local current = tonumber(redis.call('HGET', versionKey, 'v') or '0')
if expected >= 0 and current ~= expected then
  return {'stale', current}
end
local guards = cjson.decode(ARGV[3])
for _, g in ipairs(guards) do
  if redis.call('HEXISTS', KEYS[g[1]], g[2]) == 1 then
    return {'guard', current}
  end
end
local ops = cjson.decode(ARGV[4])
for _, o in ipairs(ops) do
  local name, k = o[1], KEYS[o[2]]
  if name == 'hset' then redis.call('HSET', k, o[3], o[4])
  elseif name == 'hdel' then redis.call('HDEL', k, o[3])
  elseif name == 'zadd' then redis.call('ZADD', k, o[3], o[4])
  elseif name == 'zrem' then redis.call('ZREM', k, o[3])
  elseif name == 'sadd' then redis.call('SADD', k, o[3])
  elseif name == 'srem' then redis.call('SREM', k, o[3])
  elseif name == 'set' then
    if o[4] and o[4] > 0 then redis.call('SET', k, o[3], 'PX', o[4]) else redis.call('SET', k, o[3]) end
  elseif name == 'del' then redis.call('DEL', k)
  end
end
if ARGV[2] == '' then
  return {'ok', current}
end
redis.call('HSET', versionKey, 'json', ARGV[2], 'v', current + 1)
return {'ok', current + 1}
`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    warroomCommit(numKeys: number, ...args: (string | number)[]): Result<[string, number], Context>;
  }
}

const defined = new WeakSet<Redis>();

/**
 * Registers the store's scripts on a connection. Call it when the connection is made: with
 * auto-pipelining, a script defined later is missing from a pipeline another command already
 * opened in the same tick, and ioredis then crashes the process ("pipeline[functionName] is
 * not a function", then an uncaught "results[i] is not iterable").
 */
export function defineScripts<R extends Redis>(redis: R): R {
  if (!defined.has(redis)) {
    redis.defineCommand('warroomCommit', { lua: COMMIT_LUA });
    defined.add(redis);
  }
  return redis;
}

function ensureDefined(redis: Redis): void {
  if (defined.has(redis)) return;
  // Defining now is only safe without auto-pipelining; with it, this is the crash above.
  if (redis.options.enableAutoPipelining) throw new Error('the store scripts were not defined when this auto-pipelined connection was made (call defineScripts)');
  defineScripts(redis);
}

/**
 * @param versionKey the incident hash whose `v` field is compared
 * @param expectedVersion the version read before computing the change; -1 skips the check
 * @param json the new incident JSON, or '' to leave it (and its version) untouched
 */
export async function commit(
  redis: Redis,
  versionKey: string,
  expectedVersion: number,
  json: string,
  ops: Op[],
  guards: Guard[] = [],
  /** Unix ms after which Redis must refuse the write (see COMMIT_LUA). */
  deadline?: number,
): Promise<CommitResult> {
  ensureDefined(redis);
  const keyList = [versionKey];
  const index = new Map<string, number>([[versionKey, 1]]);
  const slot = (key: string): number => {
    let i = index.get(key);
    if (i === undefined) {
      keyList.push(key);
      i = keyList.length;
      index.set(key, i);
    }
    return i;
  };
  const encodedGuards = guards.map((g) => [slot(g.absent.key), g.absent.field]);
  const encodedOps = ops.map((o) => {
    switch (o.op) {
      case 'hset':
        return ['hset', slot(o.key), o.field, o.value];
      case 'hdel':
        return ['hdel', slot(o.key), o.field];
      case 'zadd':
        return ['zadd', slot(o.key), o.score, o.member];
      case 'zrem':
        return ['zrem', slot(o.key), o.member];
      case 'sadd':
        return ['sadd', slot(o.key), o.member];
      case 'srem':
        return ['srem', slot(o.key), o.member];
      case 'set':
        return ['set', slot(o.key), o.value, o.ttlMs ?? 0];
      case 'del':
        return ['del', slot(o.key)];
    }
  });
  const args: [number, ...(string | number)[]] = [
    keyList.length,
    ...keyList,
    expectedVersion,
    json,
    // cjson turns an empty Lua table into {} not [], so encode empties as []-strings it can iterate.
    encodedGuards.length ? JSON.stringify(encodedGuards) : '[]',
    encodedOps.length ? JSON.stringify(encodedOps) : '[]',
    deadline === undefined ? '' : Math.floor(deadline),
  ];
  const replicas = replicasToWaitFor(redis);
  const [status, version] = replicas > 0 ? await commitAndWait(redis, args, versionKey, replicas) : await redis.warroomCommit(...args);
  if (status === 'ok') return { ok: true, version: Number(version) };
  if (status === 'stale') return { ok: false, reason: 'stale', version: Number(version) };
  if (status === 'expired') return { ok: false, reason: 'expired' };
  return { ok: false, reason: 'guard' };
}

/** How long a confirmation may wait for replicas; past it the commit is confirmed anyway (it is saved on the master). */
const WAIT_MS = 500;

/**
 * Replication is asynchronous: a commit acknowledged by a master that dies before passing it on
 * is lost in the failover. WAIT counts the replicas holding every write made so far on its
 * connection, so it goes right behind the commit on the same node: pipelined after a read of
 * the commit's own slot. (Pipelined with the commit itself, a MOVED during a failover would
 * come back as an error instead of being followed.)
 */
async function commitAndWait(redis: Redis, args: [number, ...(string | number)[]], versionKey: string, replicas: number): Promise<[string, number]> {
  const reply = await redis.warroomCommit(...args);
  if (reply[0] !== 'ok') return reply;
  const replies = await redis.pipeline().exists(versionKey).wait(replicas, WAIT_MS).exec().catch(() => null);
  const acked = replies?.[1];
  if (!acked || acked[0] || Number(acked[1]) < replicas) unreplicatedCommits.inc();
  return reply;
}
