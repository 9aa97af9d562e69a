import type { RateTier } from './method-specs.js';

/** Requests per minute per method (docs.slack.dev/apis/web-api/rate-limits); t5 other than chat.postMessage is not limited here. */
const PER_MINUTE: Partial<Record<RateTier, number>> = { t1: 1, t2: 20, t3: 50, t4: 100 };
const WINDOW_MS = 60_000;
/** chat.postMessage: "1 message per second to a specific channel, with short bursts over 1 allowed". */
const POST_BURST = 5;
const POST_PER_MS = 1 / 1000;

export interface RateLimiter {
  /** Records the call when allowed; otherwise answers the Retry-After in whole seconds. */
  check(method: string, tier: RateTier, channel?: string): number | undefined;
  clear(): void;
}

export function createRateLimiter(now: () => number): RateLimiter {
  const windows = new Map<string, number[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();

  function sliding(key: string, limit: number): number | undefined {
    const t = now();
    const recent = (windows.get(key) ?? []).filter((at) => t - at < WINDOW_MS);
    if (recent.length >= limit) {
      windows.set(key, recent);
      const oldest = recent[0] ?? t;
      return Math.max(1, Math.ceil((oldest + WINDOW_MS - t) / 1000));
    }
    recent.push(t);
    windows.set(key, recent);
    return undefined;
  }

  function bucket(key: string): number | undefined {
    const t = now();
    const b = buckets.get(key) ?? { tokens: POST_BURST, at: t };
    b.tokens = Math.min(POST_BURST, b.tokens + (t - b.at) * POST_PER_MS);
    b.at = t;
    buckets.set(key, b);
    if (b.tokens < 1) return Math.max(1, Math.ceil((1 - b.tokens) / POST_PER_MS / 1000));
    b.tokens -= 1;
    return undefined;
  }

  return {
    check(method, tier, channel) {
      if (method === 'chat.postMessage') return bucket(`${method}:${channel ?? ''}`);
      const limit = PER_MINUTE[tier];
      return limit === undefined ? undefined : sliding(method, limit);
    },
    clear() {
      windows.clear();
      buckets.clear();
    },
  };
}
