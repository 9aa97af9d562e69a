import { Queue } from 'bullmq';
import { z } from 'zod';
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
  for (const q of [surfaces]) q.on('error', () => undefined);

  return {
    surfaces,
    /** One pending re-draw per incident is enough: the job reads the latest state when it runs. */
    async resyncSurfaces(job: SurfacesJob): Promise<void> {
      const id = jobId('surfaces', job.teamId, job.incident);
      await surfaces.add('resync', job, { deduplication: { id }, delay: 2_000 });
    },
    async close(): Promise<void> {
      await Promise.all([surfaces.close()]);
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
