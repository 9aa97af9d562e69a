import type { RedisClient as Redis } from './redis.js';

/**
 * What a multi-step Slack operation has already done (a page's DMs and invites, a postmortem's
 * upload and messages, a reminder's messages), so a retried job repeats none of it. One Redis
 * hash per operation, a field per step.
 */
export interface StepRecord {
  /** What the step recorded when it was done (a message ts, a file JSON, 'failed'…), if it was. */
  get(step: string): string | undefined;
  /** Runs the step unless it is done, then records its result: a crash between the two runs it again. */
  run(step: string, fn: () => Promise<string | undefined>): Promise<string>;
  /** Records a result without running anything. */
  mark(step: string, result: string): Promise<void>;
  /**
   * Claims a step before doing it, for messages that must go out at most once: true if this
   * caller claimed it. `release` gives it back when the attempt failed in a way worth retrying.
   */
  claim(step: string): Promise<boolean>;
  release(step: string): Promise<void>;
}

/** Reads an operation's steps once; the record expires `ttlMs` after its last write. */
export async function loadSteps(redis: Redis, key: string, ttlMs: number): Promise<StepRecord> {
  const done: Record<string, string> = await redis.hgetall(key);
  const write = async (step: string, result: string): Promise<void> => {
    done[step] = result;
    await redis.multi().hset(key, step, result).pexpire(key, ttlMs).exec();
  };
  return {
    get: (step) => done[step],
    async run(step, fn) {
      const had = done[step];
      if (had !== undefined) return had;
      const result = (await fn()) ?? '1';
      await write(step, result);
      return result;
    },
    mark: write,
    async claim(step) {
      const [claimed] = (await redis.multi().hsetnx(key, step, 'claimed').pexpire(key, ttlMs).exec()) ?? [];
      const won = claimed?.[1] === 1;
      if (won) done[step] = 'claimed';
      return won;
    },
    async release(step) {
      delete done[step];
      await redis.hdel(key, step);
    },
  };
}
