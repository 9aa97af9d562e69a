import { DelayedError, Worker, type Processor } from 'bullmq';
import type { Services } from '../app/context.js';
import { workerConnection } from '../jobs/connection.js';
import { consumedShards, shardPrefix } from '../jobs/shards.js';
import { timerLateness } from '../telemetry/metrics.js';
import type { QueueProcessor } from './processor.js';
import { retryAfterMs } from '../slack/api/retry.js';

/**
 * How soon a job held by a dead worker runs again. BullMQ's defaults (a 30 s lock, checked
 * every 30 s) delivered pages 61-67 s late after a worker was killed, after the next level had
 * been paged. A 5 s lock, renewed every 2.5 s while the job runs, checked every 2.5 s, brings a
 * killed worker's job back within about 7.5 s. A stalled job may run again up to 5 times before
 * it fails: a crash loop must not turn into a lost page (every Slack step is done once, see
 * app/slack-steps.ts). The price: an event loop blocked for more than 5 s lets a second worker
 * start the same job, which the step marks turn into at most one duplicate message.
 */
export const JOB_LOCKS = { lockDuration: 5_000, lockRenewTime: 2_500, stalledInterval: 2_500, maxStalledCount: 5 } as const;

/** The team and incident a job is about, when its payload says (most do), for its log lines. */
function jobContext(data: unknown): { team?: unknown; incident?: unknown } {
  if (!data || typeof data !== 'object') return {};
  const d = data as Record<string, unknown>;
  return { ...(d.teamId !== undefined ? { team: d.teamId } : {}), ...(d.incident !== undefined ? { incident: d.incident } : {}) };
}

export interface Workers {
  workers: Worker[];
  close(deadlineMs?: number): Promise<void>;
}

/** Runs one BullMQ worker per processor (src/features lists them); two processors for one queue are a mistake. */
export function startWorkers(s: Services, processors: readonly QueueProcessor[]): Workers {
  const queues = processors.map((p) => p.queue);
  const twice = queues.find((q, i) => queues.indexOf(q) !== i);
  if (twice) throw new Error(`two processors for queue ${twice}`);
  const { connection, close: closeConnection } = workerConnection(s.config);
  // Every processor consumes every shard of its queue (jobs/shards.ts).
  const workers = processors.flatMap((p) => {
    const timed: Processor = async (job, token) => {
      // Only delayed jobs are timers; lateness is measured from when they were due.
      const delay = job.opts.delay ?? 0;
      if (delay > 0 && job.attemptsMade === 0) timerLateness.observe({ queue: p.queue }, Math.max(0, Date.now() - (job.timestamp + delay)) / 1000);
      try {
        return await p.process(s, job);
      } catch (err) {
        // Slack said when to come back: the job waits exactly that long, and being told to wait
        // is not a failed attempt (a page rate-limited more often than its attempts is not lost).
        const wait = retryAfterMs(err);
        if (wait === undefined || !token) throw err;
        s.log.warn('slack rate limit: job waits', { queue: p.queue, job: job.id, waitMs: wait });
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
    };
    const shardWorkers = consumedShards(s.config).map((shard) => {
      const w = new Worker(p.queue, timed, { connection, prefix: shardPrefix(s.config.JOB_TAG, shard), concurrency: p.concurrency ?? 10, ...JOB_LOCKS });
      w.on('error', (err) => s.log.warn('worker error', { queue: p.queue, shard, err: err.message }));
      w.on('failed', (job, err) => s.log.warn('job attempt failed', { queue: p.queue, shard, job: job?.id, attempt: job?.attemptsMade, ...jobContext(job?.data), err }));
      return w;
    });
    if (p.onStart) void p.onStart(s).catch((err: unknown) => s.log.warn('processor start-up failed', { queue: p.queue, err }));
    return shardWorkers;
  });
  return {
    workers,
    /** Lets running jobs finish, but not forever: a stuck Slack call must not block a deploy. */
    async close(deadlineMs = 10_000): Promise<void> {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadlineMs).unref());
      if ((await Promise.race([graceful.then(() => 'done' as const), timer])) === 'timeout') {
        // A worker whose blocking connection lost its master in a failover can hang even here.
        const forced = Promise.all(workers.map((w) => w.close(true)));
        await Promise.race([forced, new Promise((r) => setTimeout(r, deadlineMs).unref())]);
      }
      await closeConnection();
    },
  };
}
