import { describe, expect, it } from 'vitest';
import { consumedShards, shardCount, shardPrefix, shardTag, teamShard } from '../../src/jobs/shards.js';
import { keySlot } from '../../src/jobs/slots.js';

const cluster = { REDIS_CLUSTER_NODES: '127.0.0.1:7101', JOB_TAG: 'wr-jobs' };

/** Which third of the slot space a key falls in: the masters of a fresh 3-master cluster. */
const third = (key: string): number => Math.floor((keySlot(key) * 3) / 16384);

describe('job queue shards', () => {
  it('keep a single Redis keyed exactly as before: one shard, {wr-jobs}', () => {
    expect(shardCount({ JOB_TAG: 'wr-jobs' })).toBe(1);
    expect(shardPrefix('wr-jobs', 0)).toBe('{wr-jobs}');
    expect(teamShard('T0ANY', 1)).toBe(0);
  });

  it('use sixteen shards on a cluster unless told otherwise, and workers consume drained ones too', () => {
    expect(shardCount(cluster)).toBe(16);
    expect(shardCount({ ...cluster, JOB_SHARDS: 4 })).toBe(4);
    expect(consumedShards({ ...cluster, JOB_SHARDS: 4, JOB_SHARDS_DRAIN: 8 })).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('compute Redis Cluster slots as the specification does', () => {
    expect(keySlot('foo')).toBe(12182);
    expect(keySlot('{user1000}.following')).toBe(keySlot('{user1000}.followers'));
    expect(keySlot('{wr-jobs}:escalation:wait')).toBe(keySlot('wr-jobs'));
  });

  it('never change their tags: a live deployment finds its jobs after an upgrade', () => {
    expect(Array.from({ length: 4 }, (_, i) => shardTag('wr-jobs', i))).toEqual(['wr-jobs', 'wr-jobs-1-235', 'wr-jobs-2-336', 'wr-jobs-3-640']);
    expect(teamShard('T0123ABCD', 16)).toBe(teamShard('T0123ABCD', 16));
  });

  it('spread any first K tags evenly over three masters, so raising K moves no job and still balances', () => {
    for (const k of [3, 6, 12, 16, 24, 32]) {
      const perMaster = [0, 0, 0];
      for (let i = 0; i < k; i++) {
        const m = third(shardPrefix('wr-jobs', i));
        perMaster[m] = (perMaster[m] ?? 0) + 1;
      }
      expect(Math.max(...perMaster) - Math.min(...perMaster), `K=${k}: ${perMaster.join('/')}`).toBeLessThanOrEqual(2);
    }
  });

  it('spread workspaces over the shards', () => {
    const counts = new Array<number>(16).fill(0);
    for (let i = 0; i < 1_600; i++) {
      const shard = teamShard(`T${(i * 7919).toString(36).toUpperCase()}`, 16);
      counts[shard] = (counts[shard] ?? 0) + 1;
    }
    expect(Math.max(...counts)).toBeLessThan(2 * (1_600 / 16));
    expect(Math.min(...counts)).toBeGreaterThan(0);
  });
});
