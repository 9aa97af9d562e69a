import { keys } from './keys.js';
import type { RedisClient as Redis } from './redis.js';

/**
 * The share of Slack's rate limit a workspace's calls of one kind may use, kept in Redis because
 * every web and worker process calls Slack for the same workspace. A sliding window like Slack's
 * own: at most `limit` calls in any `windowMs`. Callers do not poll for a free slot: they
 * reserve the earliest one, which may be in the future, so waiting calls go in the order they
 * asked and each knows when it will run (what the person waiting is told).
 *
 * Slots are handed out in non-decreasing time, so "the new slot comes `windowMs` after the
 * `limit`-th latest one" keeps every window within the limit. A Retry-After Slack still returns
 * sets a hold: no slot before it.
 */
export interface SlotGrant {
  /** When the call may be made (Unix ms): now, or a later instant reserved for it. */
  at: number;
  /** Calls made (or due) within the window up to now, before this one. */
  recent: number;
  /** Reservations waiting in the future ahead of this one. */
  ahead: number;
}

export interface BudgetRule {
  limit: number;
  windowMs: number;
}

/**
 * KEYS[1] the slots (sorted set id → instant), KEYS[2] the hold (Unix ms); one workspace's hash
 * tag, so one slot of a cluster. ARGV: now, limit, window, id.
 * A reservation is idempotent by id: asking again answers the same instant, so a retried job or a
 * retyped command never takes a second place in the line.
 */
const RESERVE_LUA = `
local now = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local recent = redis.call('ZCOUNT', KEYS[1], '-inf', now)
local mine = redis.call('ZSCORE', KEYS[1], ARGV[4])
if mine then
  local at = tonumber(mine)
  return {tostring(at), recent, redis.call('ZCOUNT', KEYS[1], '(' .. now, '(' .. at)}
end
local at = now
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
if hold > at then at = hold end
local nth = redis.call('ZREVRANGE', KEYS[1], limit - 1, limit - 1, 'WITHSCORES')
if nth[2] then
  local free = tonumber(nth[2]) + window
  if free > at then at = free end
end
local ahead = redis.call('ZCOUNT', KEYS[1], '(' .. now, '+inf')
redis.call('ZADD', KEYS[1], at, ARGV[4])
redis.call('PEXPIRE', KEYS[1], at - now + window + 1000)
return {tostring(at), recent, ahead}
`;

/** KEYS[1] the hold; ARGV: until, now. Only ever pushed later. */
const HOLD_LUA = `
local till = tonumber(ARGV[1])
local held = tonumber(redis.call('GET', KEYS[1]) or '0')
if till > held then redis.call('SET', KEYS[1], ARGV[1], 'PX', math.max(1, till - tonumber(ARGV[2]))) end
return 1
`;

export function createSlackBudget(redis: Redis) {
  return {
    /** Reserves (or finds again, by `id`) the earliest slot for one call of `kind`. */
    async reserve(team: string, kind: string, rule: BudgetRule, id: string, now: number): Promise<SlotGrant> {
      const [at, recent, ahead] = (await redis.eval(RESERVE_LUA, 2, keys.slackBudget(team, kind), keys.slackHold(team, kind), now, rule.limit, rule.windowMs, id)) as [string, number, number];
      return { at: Number(at), recent, ahead };
    },
    /** Slack said to wait until `until`: no slot of `kind` is handed out before it. */
    async hold(team: string, kind: string, until: number, now: number): Promise<void> {
      await redis.eval(HOLD_LUA, 1, keys.slackHold(team, kind), until, now);
    },
    /** A reservation that will not be used (the work was done another way): its place goes to the next. */
    async release(team: string, kind: string, id: string): Promise<void> {
      await redis.zrem(keys.slackBudget(team, kind), id);
    },
  };
}

export type SlackBudget = ReturnType<typeof createSlackBudget>;
