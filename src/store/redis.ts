import type { RedisOptions as BullRedisOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { defineScripts } from './commit.js';

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

export async function pingRedis(redis: Redis, timeoutMs = 1_000): Promise<boolean> {
  try {
    const reply = await Promise.race([
      redis.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs).unref()),
    ]);
    return reply === 'PONG';
  } catch {
    return false;
  }
}
