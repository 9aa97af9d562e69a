import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/jobs/slots.js';
import { keys } from '../../src/store/keys.js';
import type { RedisClient } from '../../src/store/redis.js';
import { createSlackBudget, type SlotGrant } from '../../src/store/slack-budget.js';
import { budgetRule } from '../../src/slack/api/rate-tiers.js';
import { testRedis } from '../support/harness.js';

/**
 * The shared Slack budget on real Redis (a cluster under `npm run test:cluster`). Time is the
 * caller's (`now`), so the tests move it by hand: nothing here waits.
 */
let redis: RedisClient;
let other: RedisClient;
let n = 0;
/** A workspace of its own per test. */
const team = (): string => `TBUDGET${process.pid}X${++n}`;
const TIER2 = { limit: 20, windowMs: 60_000 };
const T0 = Date.parse('2026-03-02T10:00:00Z');

beforeAll(() => {
  redis = testRedis();
  // A second connection stands for a second process.
  other = testRedis();
});
afterAll(async () => {
  await Promise.all([redis.quit(), other.quit()]);
});

describe('the shared Slack budget', () => {
  it('gives the first 20 calls of a minute a slot now and queues the next ones a window later, in the order they asked', async () => {
    const t = team();
    const budget = createSlackBudget(redis);
    const grants: SlotGrant[] = [];
    for (let i = 0; i < 45; i++) grants.push(await budget.reserve(t, 'conversations.create', TIER2, `c${i}`, T0 + i * 100));
    expect(grants.slice(0, 20).map((g, i) => g.at - (T0 + i * 100))).toEqual(Array(20).fill(0));
    // The 21st comes one window after the 1st, the 22nd after the 2nd…
    expect(grants.slice(20, 40).map((g, i) => g.at - T0 - i * 100)).toEqual(Array(20).fill(60_000));
    expect(grants.slice(40).map((g, i) => g.at - T0 - i * 100)).toEqual(Array(5).fill(120_000));
    // What the person waiting is told: how full the last minute was, how many wait ahead.
    expect(grants[20]).toMatchObject({ recent: 20, ahead: 0 });
    expect(grants[44]).toMatchObject({ recent: 20, ahead: 24 });
  });

  it('answers a reservation asked for again (a resumed setup, a retried job) with its own place, never a second one', async () => {
    const t = team();
    const budget = createSlackBudget(redis);
    for (let i = 0; i < 20; i++) await budget.reserve(t, 'pins.add', TIER2, `p${i}`, T0);
    const first = await budget.reserve(t, 'pins.add', TIER2, 'waiting', T0 + 1_000);
    const next = await budget.reserve(t, 'pins.add', TIER2, 'behind', T0 + 2_000);
    const again = await budget.reserve(t, 'pins.add', TIER2, 'waiting', T0 + 30_000);
    expect(again.at).toBe(first.at);
    expect(next.at).toBe(first.at);
    expect(await redis.zcard(keys.slackBudget(t, 'pins.add'))).toBe(22);
  });

  it('frees slots as the window slides, like Slack', async () => {
    const t = team();
    const budget = createSlackBudget(redis);
    for (let i = 0; i < 20; i++) await budget.reserve(t, 'conversations.setTopic', TIER2, `s${i}`, T0 + i * 1_000);
    // At T0+60 s the first call has left the window: one slot, at once.
    expect((await budget.reserve(t, 'conversations.setTopic', TIER2, 'a', T0 + 60_000)).at).toBe(T0 + 60_000);
    // The second leaves a second later.
    expect((await budget.reserve(t, 'conversations.setTopic', TIER2, 'b', T0 + 60_000)).at).toBe(T0 + 61_000);
    // Long after, the old ones are gone from Redis too.
    const late = await budget.reserve(t, 'conversations.setTopic', TIER2, 'c', T0 + 10 * 60_000);
    expect(late).toEqual({ at: T0 + 10 * 60_000, recent: 0, ahead: 0 });
    expect(await redis.zcard(keys.slackBudget(t, 'conversations.setTopic'))).toBe(1);
  });

  it('keeps Slack\'s Retry-After: no slot before the hold, whichever process asks', async () => {
    const t = team();
    await createSlackBudget(redis).hold(t, 'conversations.create', T0 + 30_000, T0);
    // An earlier hold never shortens a later one.
    await createSlackBudget(other).hold(t, 'conversations.create', T0 + 5_000, T0);
    const grant = await createSlackBudget(other).reserve(t, 'conversations.create', TIER2, 'x', T0 + 1_000);
    expect(grant.at).toBe(T0 + 30_000);
    expect((await createSlackBudget(redis).reserve(t, 'conversations.create', TIER2, 'y', T0 + 31_000)).at).toBe(T0 + 31_000);
    // Other methods are not held.
    expect((await createSlackBudget(redis).reserve(t, 'pins.add', TIER2, 'z', T0 + 1_000)).at).toBe(T0 + 1_000);
  });

  it('hands out each slot once when processes ask at the same instant', async () => {
    const t = team();
    const clients = [redis, other];
    const grants = await Promise.all(Array.from({ length: 50 }, (_, i) => createSlackBudget(clients[i % 2] as RedisClient).reserve(t, 'conversations.create', TIER2, `r${i}`, T0)));
    const byAt = new Map<number, number>();
    for (const g of grants) byAt.set(g.at, (byAt.get(g.at) ?? 0) + 1);
    expect([...byAt.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [T0, 20],
      [T0 + 60_000, 20],
      [T0 + 120_000, 10],
    ]);
  });

  it('never puts more than the limit in any window, whatever the pace of asking (the invariant Slack checks)', async () => {
    const t = team();
    const budget = createSlackBudget(redis);
    const rule = budgetRule('conversations.create');
    let now = T0;
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const slots: number[] = [];
    for (let i = 0; i < 300; i++) {
      // Bursts and pauses: sometimes many at one instant, sometimes minutes apart.
      now += random() < 0.7 ? 0 : Math.floor(random() * 90_000);
      const g = await budget.reserve(t, 'conversations.create', rule, `k${i}`, now);
      expect(g.at).toBeGreaterThanOrEqual(now);
      slots.push(g.at);
    }
    const sorted = [...slots].sort((a, b) => a - b);
    expect(slots).toEqual(sorted);
    for (let i = rule.limit; i < sorted.length; i++) expect((sorted[i] ?? 0) - (sorted[i - rule.limit] ?? 0)).toBeGreaterThanOrEqual(rule.windowMs);
  });

  it('keeps one workspace\'s keys in one cluster slot, and workspaces apart', async () => {
    const a = team();
    const b = team();
    expect(keySlot(keys.slackBudget(a, 'conversations.create'))).toBe(keySlot(keys.slackHold(a, 'conversations.create')));
    expect(keySlot(keys.slackBudget(a, 'chat.postMessage:C1'))).toBe(keySlot(keys.incident(a, 1)));
    const budget = createSlackBudget(redis);
    for (let i = 0; i < 20; i++) await budget.reserve(a, 'conversations.create', TIER2, `a${i}`, T0);
    expect((await budget.reserve(b, 'conversations.create', TIER2, 'b0', T0)).at).toBe(T0);
  });
});

describe('budget rules', () => {
  it('are Slack\'s tiers with a margin, and about a post a second in a channel', () => {
    expect(budgetRule('conversations.create')).toEqual({ limit: 20, windowMs: 61_000 });
    expect(budgetRule('pins.add').limit).toBe(20);
    expect(budgetRule('conversations.invite')).toEqual({ limit: 50, windowMs: 61_000 });
    expect(budgetRule('chat.postMessage:C123')).toEqual({ limit: 5, windowMs: 6_000 });
    expect(() => budgetRule('users.info')).toThrow(/no Slack budget/);
  });
});
