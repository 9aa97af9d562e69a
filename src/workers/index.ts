import { Worker, type Processor } from 'bullmq';
import { timerLateness } from '../telemetry/metrics.js';
import type { Services } from '../app/context.js';
import { updateCard, updateTopic } from '../app/surfaces.js';
import { QUEUE_PREFIX, workerConnection } from '../jobs/connection.js';
import { QueueName, SurfacesJob } from '../jobs/queues.js';

export type ProcessorFactory = (s: Services) => { queue: string; processor: Processor; concurrency?: number };
const factories: ProcessorFactory[] = [];

/** Features with timers register their processor; the worker process runs them all. */
export function addProcessor(factory: ProcessorFactory): void {
  factories.push(factory);
}

addProcessor((s) => ({
  queue: QueueName.surfaces,
  processor: async (job) => {
    const data = SurfacesJob.parse(job.data);
    const loaded = await s.incidents.load(data.teamId, data.incident);
    if (!loaded) return;
    await updateCard(s, loaded.incident);
    await updateTopic(s, loaded.incident);
  },
}));

export interface Workers {
  workers: Worker[];
  close(deadlineMs?: number): Promise<void>;
}

export function startWorkers(s: Services): Workers {
  const connection = workerConnection(s.config.REDIS_URL);
  const workers = factories.map((f) => {
    const { queue, processor, concurrency } = f(s);
    const timed: Processor = async (job, token) => {
      // Only delayed jobs are timers; lateness is measured from when they were due.
      const delay = job.opts.delay ?? 0;
      if (delay > 0 && job.attemptsMade === 0) timerLateness.observe({ queue }, Math.max(0, Date.now() - (job.timestamp + delay)) / 1000);
      await processor(job, token);
    };
    const w = new Worker(queue, timed, { connection, prefix: QUEUE_PREFIX, concurrency: concurrency ?? 10 });
    w.on('error', (err) => s.log.warn('worker error', { queue, err: err.message }));
    w.on('failed', (job, err) => s.log.warn('job attempt failed', { queue, job: job?.id, attempt: job?.attemptsMade, err: err.message }));
    return w;
  });
  return {
    workers,
    /** Lets running jobs finish, but not forever: a stuck Slack call must not block a deploy. */
    async close(deadlineMs = 10_000): Promise<void> {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), deadlineMs).unref());
      if ((await Promise.race([graceful.then(() => 'done' as const), timer])) === 'timeout') {
        await Promise.all(workers.map((w) => w.close(true)));
      }
    },
  };
}
