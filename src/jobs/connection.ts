import type { RedisOptions } from 'bullmq';
import { Cluster } from 'ioredis';
import { bullConnectionOptions, clusterNodes, clusterOptions, type RedisConfig } from '../store/redis.js';

/** The historic single hash tag; shard 0 of the sharded queues keeps it (jobs/shards.ts). */
export const QUEUE_PREFIX = '{wr-jobs}';

/**
 * What BullMQ is handed. On one Redis: options, and BullMQ makes (and closes) its own clients.
 * On a cluster: a Cluster client we made, because BullMQ cannot build one from options; BullMQ
 * never closes a client it was handed, so `close` does, after the queues or workers closed.
 */
export interface JobConnection {
  connection: RedisOptions | Cluster;
  close: () => Promise<void>;
}

function clusterConnection(config: RedisConfig, opts: { producer: boolean }): JobConnection {
  const cluster = new Cluster(clusterNodes(config), {
    ...clusterOptions(config, { maxRetriesPerRequest: opts.producer ? 1 : null }),
    // Producers fail fast instead of queueing in memory while Redis is away.
    enableOfflineQueue: !opts.producer,
  });
  cluster.on('error', () => undefined);
  return {
    connection: cluster,
    close: async () => {
      // QUIT waits for every node; one lost in a failover must not hold up a shutdown.
      const quit = cluster.quit().catch(() => undefined);
      await Promise.race([quit, new Promise((r) => setTimeout(r, 2_000).unref())]);
      cluster.disconnect();
    },
  };
}

export function queueConnection(config: RedisConfig): JobConnection {
  if (config.REDIS_CLUSTER_NODES) return clusterConnection(config, { producer: true });
  // Producers fail fast instead of queueing in memory while Redis is away.
  return { connection: { ...bullConnectionOptions(config.REDIS_URL), enableOfflineQueue: false, maxRetriesPerRequest: 1 }, close: async () => undefined };
}

/** Workers block on Redis: `maxRetriesPerRequest: null`, as BullMQ requires. */
export function workerConnection(config: RedisConfig): JobConnection {
  if (config.REDIS_CLUSTER_NODES) return clusterConnection(config, { producer: false });
  return { connection: bullConnectionOptions(config.REDIS_URL), close: async () => undefined };
}

/**
 * BullMQ rejects ids with `:` and all-digit ids (see shared/notes/libraries.md), and Slack
 * team ids are safe, so ids are joined with `-`.
 */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[:\s]/g, '_')).join('-');
}
