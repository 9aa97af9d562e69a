import { Queue, type DefaultJobOptions } from 'bullmq';
import { z } from 'zod';
import { watchQueue } from '../telemetry/metrics.js';
import { QUEUE_PREFIX, jobId, queueConnection } from './connection.js';

/** Re-draws an incident's topic and pinned card when doing it inline failed (rate limit, Slack blip). */
export const SurfacesJob = z.object({ teamId: z.string(), incident: z.number().int() });
export type SurfacesJob = z.infer<typeof SurfacesJob>;

export const QueueName = {
  surfaces: 'surfaces',
} as const;

export function createQueues(redisUrl: string) {
  const connection = queueConnection(redisUrl);
  const surfaces = new Queue<SurfacesJob>(QueueName.surfaces, {
    connection,
    prefix: QUEUE_PREFIX,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: 'exponential', delay: 1_000, jitter: 0.2 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  surfaces.on('error', () => undefined);
  const others = new Map<string, Queue>();

  return {
    surfaces,
    /**
     * A feature's queue (escalation, reminders, postmortem), created once per process and
     * closed with the others. Job data should be typed with the feature's zod schema.
     */
    get<T>(name: string, defaultJobOptions: DefaultJobOptions = {}): Queue<T> {
      let q = others.get(name);
      if (!q) {
        q = new Queue(name, {
          connection,
          prefix: QUEUE_PREFIX,
          defaultJobOptions: { attempts: 5, backoff: { type: 'exponential', delay: 1_000, jitter: 0.2 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 }, ...defaultJobOptions },
        });
        q.on('error', () => undefined);
        watchQueue(q);
        others.set(name, q);
      }
      return q as Queue<T>;
    },
    /** One pending re-draw per incident is enough: the job reads the latest state when it runs. */
    async resyncSurfaces(job: SurfacesJob): Promise<void> {
      const id = jobId('surfaces', job.teamId, job.incident);
      await surfaces.add('resync', job, { deduplication: { id }, delay: 2_000 });
    },
    async close(): Promise<void> {
      await Promise.all([surfaces.close(), ...[...others.values()].map((q) => q.close())]);
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
