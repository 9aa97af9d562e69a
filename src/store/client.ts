import type { Cluster, Redis } from 'ioredis';

/** The store's connection: one Redis, or a Redis Cluster when REDIS_CLUSTER_NODES is set. */
export type RedisClient = Redis | Cluster;

/*
 * Kept apart from redis.ts (which makes connections and defines the store's scripts on them,
 * from commit.ts) so that commit.ts can read these without an import cycle.
 */
const replicaWaits = new WeakMap<RedisClient, number>();

/** Records how many replicas a commit on this connection must reach (REDIS_WAIT_REPLICAS). */
export function setReplicasToWaitFor(redis: RedisClient, replicas: number): void {
  replicaWaits.set(redis, replicas);
}

/** How many replicas a commit must reach before it is confirmed (REDIS_WAIT_REPLICAS). */
export function replicasToWaitFor(redis: RedisClient): number {
  return replicaWaits.get(redis) ?? 0;
}
