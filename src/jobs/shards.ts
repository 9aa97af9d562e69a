import type { Config } from '../config/env.js';
import { keySlot, SLOTS } from './slots.js';

/**
 * Job queues are spread over K hash tags so that, on Redis Cluster, timers do not all sit in
 * one slot of one master. A workspace's jobs always go to the same shard (hash of its team id
 * mod K); workers consume every shard.
 *
 * Shard 0 keeps the historic tag (`{wr-jobs}`), so a single-node deployment (K = 1) is keyed
 * exactly as before. The other tags are chosen once and for all so that any first K of them
 * sit evenly over the slot space: K can grow without moving a live job, because the tags of a
 * smaller K are a prefix of those of a larger one (docs/DEPLOY.md, "Redis Cluster").
 */

/** On a cluster without JOB_SHARDS: more tags than a deployment will have masters, so adding masters spreads timers too. */
export const CLUSTER_DEFAULT_SHARDS = 16;

type ShardConfig = Pick<Config, 'JOB_SHARDS' | 'JOB_SHARDS_DRAIN' | 'JOB_TAG' | 'REDIS_CLUSTER_NODES'>;

/** K: the shards new jobs are written to. */
export function shardCount(config: ShardConfig): number {
  return config.JOB_SHARDS ?? (config.REDIS_CLUSTER_NODES ? CLUSTER_DEFAULT_SHARDS : 1);
}

/** The shards workers consume: all of K, and those of an older, larger K still being drained. */
export function consumedShards(config: ShardConfig): number[] {
  const n = Math.max(shardCount(config), config.JOB_SHARDS_DRAIN ?? 0);
  return Array.from({ length: n }, (_, i) => i);
}

/** FNV-1a: stable across versions and processes, which a shard choice must be. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

export function teamShard(teamId: string, shards: number): number {
  return fnv1a(teamId) % shards;
}

const GOLDEN = 0.6180339887498949;
/** How close to its target slot a tag must land; 1/512 of the slot space. */
const WINDOW = SLOTS / 512;
const tags = new Map<string, string>();

/**
 * Tag i lands near slot (slot(base) + i·φ·16384) mod 16384: consecutive golden-ratio steps keep
 * every prefix of the sequence spread evenly. The first name `base-i[-n]` that lands within the
 * window is taken; the search is deterministic, so every process and version finds the same tag.
 */
export function shardTag(base: string, shard: number): string {
  if (shard === 0) return base;
  const cacheKey = `${base}\n${shard}`;
  const cached = tags.get(cacheKey);
  if (cached) return cached;
  const target = (keySlot(base) / SLOTS + shard * GOLDEN) % 1;
  let found = `${base}-${shard}`;
  for (let n = 0; n < 100_000; n++) {
    const candidate = n === 0 ? `${base}-${shard}` : `${base}-${shard}-${n}`;
    const at = keySlot(candidate) / SLOTS;
    const distance = Math.min(Math.abs(at - target), 1 - Math.abs(at - target));
    if (distance * SLOTS <= WINDOW / 2) {
      found = candidate;
      break;
    }
  }
  tags.set(cacheKey, found);
  return found;
}

/** BullMQ's `prefix` for a shard: the tag in braces, so all of a queue's keys share one slot. */
export function shardPrefix(base: string, shard: number): string {
  return `{${shardTag(base, shard)}}`;
}
