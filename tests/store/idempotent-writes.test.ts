import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/lifecycle.js';
import { addNote } from '../../src/domain/notes.js';
import { commit } from '../../src/store/commit.js';
import { createIncidentStore, entryOps } from '../../src/store/incidents.js';
import { keys } from '../../src/store/keys.js';
import type { RedisClient } from '../../src/store/redis.js';
import { testRedis } from '../support/harness.js';
import { ids } from '../support/entry-ids.js';

let redis: RedisClient;
const team = `TIDEM${process.pid}`;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

async function seed(n: number) {
  const store = createIncidentStore(redis);
  const { incident, entries } = declare({ teamId: team, number: n, title: 'db down', severity: 'sev2', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000, ids });
  expect((await store.save(0, { incident, add: entries })).ok).toBe(true);
  return store;
}

describe('writes carry their own id and their own deadline', () => {
  it('a note replayed late (a resend after a reconnect) saves nothing twice and does not undo a correction made since', async () => {
    const store = await seed(1);
    const loaded = (await store.load(team, 1))!;
    const { entry } = addNote(loaded.incident, { text: 'restarted pods', at: 2_000, by: 'U1', source: 'command', now: 2_000, ids });
    expect((await store.save(loaded.version, { incident: loaded.incident, add: [entry] }, true)).ok).toBe(true);
    await store.save(loaded.version, { incident: loaded.incident, replace: [{ ...entry, text: 'restarted pods in eu-west' }] }, true);
    // The same write again, as ioredis resends it: the entry id is already there.
    expect(await store.save(loaded.version, { incident: loaded.incident, add: [entry] }, true)).toEqual({ ok: false, reason: 'guard' });
    const notes = (await store.timelineAll(team, 1)).filter((e) => e.kind === 'note');
    expect(notes.map((e) => e.text)).toEqual(['restarted pods in eu-west']);
  });

  it('Redis refuses a write that reaches it after its deadline, so a caller that gave up was right to say "not saved"', async () => {
    const store = await seed(2);
    const loaded = (await store.load(team, 2))!;
    const { entry } = addNote(loaded.incident, { text: 'too late', at: 3_000, by: 'U1', source: 'command', now: 3_000, ids });
    const late = await commit(redis, keys.incident(team, 2), loaded.version, '', entryOps(team, 2, { add: [entry] }), [], Date.now() - 1);
    expect(late).toEqual({ ok: false, reason: 'expired' });
    expect((await store.timelineAll(team, 2)).some((e) => e.text === 'too late')).toBe(false);
  });
});
