import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import type { Config } from '../config/env.js';
import { defineScripts } from './commit.js';
import { setReplicasToWaitFor, type RedisClient } from './client.js';

export { replicasToWaitFor, type RedisClient } from './client.js';

export type RedisConfig = Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES'> & Partial<Pick<Config, 'REDIS_WAIT_REPLICAS'>>;

/**
 * The app connection fails fast: a handler that cannot reach Redis must tell the user
 * "not saved" within seconds, not queue the write for later behind their back.
 */
export function createAppRedis(url: string, extra: RedisOptions = {}): Redis {
  // Scripts are defined now, before any command can open an auto-pipeline (see defineScripts).
  return defineScripts(new Redis(url, {
    enableAutoPipelining: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_500,
    connectTimeout: 2_000,
    // RESP2-shaped replies: BullMQ and our Lua results expect them.
    protocol: 2,
    ...extra,
  }));
}

/** The Lua scripts the store defines (commit.ts): auto-pipelining must leave them alone on a cluster. */
export const STORE_SCRIPTS = ['warroomCommit'];

/**
 * The store's connection for this deployment, with the same fail-fast behaviour on both kinds.
 * On a cluster, scripts are sent on their own: ioredis's auto-pipelining groups a script call
 * by its first argument (the key count), not its keys, so commits of two workspaces on two
 * masters would share one pipeline and fail with "All keys in the pipeline should belong to
 * the same slots allocation group" (tests/cluster/two-workspaces.test.ts).
 */
export function createRedis(config: RedisConfig): RedisClient {
  const client = config.REDIS_CLUSTER_NODES ? createClusterRedis(config) : createAppRedis(config.REDIS_URL);
  setReplicasToWaitFor(client, config.REDIS_WAIT_REPLICAS ?? 0);
  // Before any command can open an auto-pipeline, on a cluster as on one node (see defineScripts).
  return defineScripts(client);
}

function createClusterRedis(config: RedisConfig): Cluster {
  return new Cluster(clusterNodes(config), {
    ...clusterOptions(config, { maxRetriesPerRequest: 1, commandTimeout: 2_500, connectTimeout: 2_000 }),
    enableAutoPipelining: true,
    autoPipeliningIgnoredCommands: STORE_SCRIPTS,
  });
}

/** REDIS_CLUSTER_NODES as ioredis seed nodes. */
export function clusterNodes(config: RedisConfig): { host: string; port: number }[] {
  return (config.REDIS_CLUSTER_NODES ?? '')
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean)
    .map((n) => {
      const i = n.lastIndexOf(':');
      return { host: n.slice(0, i), port: Number(n.slice(i + 1)) };
    });
}

/**
 * Cluster options shared by the store and BullMQ: credentials and TLS come from REDIS_URL
 * (its host is not used), every node gets them, and a failover is waited out briefly
 * (a few seconds) before commands fail, so users get an honest "not saved" rather than a hang.
 */
export function clusterOptions(config: RedisConfig, node: NonNullable<ClusterOptions['redisOptions']>): ClusterOptions {
  const u = new URL(config.REDIS_URL);
  return {
    redisOptions: {
      ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
      // RESP2-shaped replies: BullMQ and our Lua results expect them.
      protocol: 2,
      ...node,
    },
    retryDelayOnFailover: 200,
    retryDelayOnClusterDown: 300,
    retryDelayOnTryAgain: 200,
    slotsRefreshTimeout: 2_000,
    ...(u.protocol === 'rediss:' ? { dnsLookup: (address, callback) => callback(null, address) } : {}),
  };
}


/** Connection options for BullMQ: it needs `maxRetriesPerRequest: null` for its blocking commands. */
export function bullConnectionOptions(url: string): BullRedisOptions {
  const u = new URL(url);
  const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
  return {
    host: u.hostname,
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    db,
    maxRetriesPerRequest: null,
    protocol: 2,
  };
}

export async function pingRedis(redis: RedisClient, timeoutMs = 1_000): Promise<boolean> {
  if (redis instanceof Cluster) return pingMasters(redis, timeoutMs);
  return pingNode(redis, timeoutMs);
}

function withTimeout<T>(p: Promise<T>, timeoutMs: number): Promise<T> {
  return Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref())]);
}

async function pingNode(redis: Redis, timeoutMs: number): Promise<boolean> {
  try {
    return (await withTimeout(redis.ping(), timeoutMs)) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * A cluster is healthy for this process only when every slot has a master and every master
 * answers that the cluster is ok: workspaces and job shards live on all of them, so one
 * failing master already breaks some users.
 */
async function pingMasters(cluster: Cluster, timeoutMs: number): Promise<boolean> {
  if (cluster.status !== 'ready') return false;
  const masters = cluster.nodes('master');
  if (masters.length === 0) return false;
  // A master whose connection died leaves its slots pointing at nobody until the slot map is refreshed.
  const live = new Set(masters.map((m) => `${m.options.host ?? ''}:${String(m.options.port ?? '')}`));
  for (let slot = 0; slot < 16384; slot++) if (!live.has(cluster.slots[slot]?.[0] ?? '')) return false;
  const answers = await Promise.all(
    masters.map(async (m) => {
      try {
        const info = await withTimeout(m.cluster('INFO'), timeoutMs);
        return String(info).includes('cluster_state:ok');
      } catch {
        return false;
      }
    }),
  );
  return answers.every(Boolean);
}
