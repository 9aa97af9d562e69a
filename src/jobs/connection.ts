import type { RedisOptions } from 'bullmq';
import { bullConnectionOptions } from '../store/redis.js';

/** One hash tag for every queue, as BullMQ requires on Redis Cluster. */
export const QUEUE_PREFIX = '{wr-jobs}';

export function queueConnection(redisUrl: string): RedisOptions {
  // Producers fail fast instead of queueing in memory while Redis is away.
  return { ...bullConnectionOptions(redisUrl), enableOfflineQueue: false, maxRetriesPerRequest: 1 };
}

export function workerConnection(redisUrl: string): RedisOptions {
  return bullConnectionOptions(redisUrl);
}

/**
 * BullMQ rejects ids with `:` and all-digit ids (see shared/notes/libraries.md), and Slack
 * team ids are safe, so ids are joined with `-`.
 */
export function jobId(...parts: (string | number)[]): string {
  return parts.map((p) => String(p).replace(/[:\s]/g, '_')).join('-');
}
