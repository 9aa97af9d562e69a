import { isRateLimited, isWorthRetrying } from './errors.js';
import { SlackWait } from './rate-tiers.js';

/**
 * Retrying a Slack call that failed in a way worth retrying (rate limit, 5xx, timeout, Slack's
 * own "try later"): after Slack's `Retry-After` when it gives one, else after a growing,
 * jittered pause. Only for calls that are safe to repeat, or whose caller looks first for
 * what a lost answer may already have done (app/declare-setup.ts): web-api itself is told
 * never to retry (client.ts), so every retry is a decision made here.
 */
export interface RetryOptions {
  /** Tries in all, the first included. */
  attempts?: number;
  /** First pause without a Retry-After; doubled each time. */
  baseMs?: number;
  /** A Retry-After longer than this is not waited out: the caller says so instead. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Told before each pause (progress for the person waiting, logs). */
  onRetry?: (waitMs: number, err: unknown, attempt: number) => void;
}

/** Slack's Retry-After, in ms, from a rate-limited call; or how long the shared budget says to wait (SlackWait). */
export function retryAfterMs(err: unknown): number | undefined {
  if (err instanceof SlackWait) return err.waitMs;
  if (!isRateLimited(err)) return undefined;
  const seconds = (err as { retryAfter?: unknown }).retryAfter;
  return typeof seconds === 'number' && Number.isFinite(seconds) ? Math.max(0, seconds) * 1000 : undefined;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function retrySlack<T>(call: (attempt: number) => Promise<T>, opts: RetryOptions = {}): Promise<T> {
  const attempts = opts.attempts ?? 4;
  const base = opts.baseMs ?? 400;
  const maxWait = opts.maxWaitMs ?? 10_000;
  const sleep = opts.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      // A wait for the shared budget is the caller's to schedule: retrying here would take a second place in the line.
      if (err instanceof SlackWait || attempt >= attempts || !isWorthRetrying(err)) throw err;
      const wait = retryAfterMs(err) ?? Math.round(base * 2 ** (attempt - 1) * (0.75 + Math.random() * 0.5));
      if (wait > maxWait) throw err;
      opts.onRetry?.(wait, err, attempt);
      await sleep(wait);
    }
  }
}
