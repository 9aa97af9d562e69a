import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keySlot } from '../../src/jobs/slots.js';
import { declare } from '../../src/domain/lifecycle.js';
import { addNote } from '../../src/domain/notes.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { teamTag } from '../../src/store/keys.js';
import type { RedisClient } from '../../src/store/redis.js';
import { testRedis } from '../support/harness.js';
import { ids } from '../support/entry-ids.js';

/**
 * ioredis auto-pipelining groups a script call by its first argument (the key count), not by
 * its keys: commits of two workspaces on two masters, sent at the same moment from one
 * process, used to share a pipeline and fail with "All keys in the pipeline should belong to
 * the same slots allocation group" (232 of 300 failed).
 */
let redis: RedisClient;
beforeAll(async () => {
  redis = testRedis();
  await redis.ping();
});
afterAll(async () => {
  await redis.quit();
});

function masterOf(cluster: Cluster, team: string): string {
  return cluster.slots[keySlot(teamTag(team))]?.[0] ?? '';
}

/** Two workspace ids whose keys live on different masters of the test cluster. */
function teamsOnTwoMasters(cluster: Cluster): [string, string] {
  const first = `T2WA${process.pid}`;
  for (let i = 0; i < 1_000; i++) {
    const other = `T2WB${process.pid}X${i}`;
    if (masterOf(cluster, other) !== masterOf(cluster, first)) return [first, other];
  }
  throw new Error('no two workspaces on different masters');
}

describe('two workspaces on different shards, at the same moment', () => {
  it('saves all 300 of 150 notes from each workspace sent at once from one process', async () => {
    if (!(redis instanceof Cluster)) throw new Error('this test runs on the Redis Cluster of npm run test:cluster');
    const teams = teamsOnTwoMasters(redis);
    expect(masterOf(redis, teams[0])).not.toBe(masterOf(redis, teams[1]));
    const store = createIncidentStore(redis);
    for (const team of teams) {
      const { incident, entries } = declare({ teamId: team, number: 1, title: 'checkout down', severity: 'sev2', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000, ids });
      expect((await store.save(0, { incident, add: entries })).ok).toBe(true);
    }

    const outcomes = await Promise.allSettled(
      Array.from({ length: 300 }, (_, i) => {
        const team = teams[i % 2] ?? '';
        return store.mutate(team, 1, ({ incident: current }) => {
          const r = addNote(current, { text: `note ${i}`, at: 2_000 + i, by: `U${i % 5}`, source: 'command', now: 2_000 + i, ids });
          return { change: { incident: r.incident, add: [r.entry] }, result: r.entry.id };
        });
      }),
    );

    const failed = outcomes.flatMap((o) => (o.status === 'rejected' ? [String(o.reason)] : []));
    expect({ saved: outcomes.length - failed.length, firstError: failed[0] }).toEqual({ saved: 300, firstError: undefined });
    // The declaration plus 150 notes in each workspace's timeline.
    expect(await store.timelineCount(teams[0], 1)).toBe(151);
    expect(await store.timelineCount(teams[1], 1)).toBe(151);
  });
});
