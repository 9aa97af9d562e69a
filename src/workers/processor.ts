import type { Job } from 'bullmq';
import type { Services } from '../app/context.js';
import type { QueueName } from '../jobs/queues.js';

/**
 * What runs one queue's jobs: a plain function that parses the job's payload with the queue's
 * zod schema and calls a use case. The worker process runs one BullMQ Worker per processor.
 */
export interface QueueProcessor {
  queue: QueueName;
  concurrency?: number;
  process(s: Services, job: Job): Promise<unknown>;
  /** Runs once when the worker starts (e.g. schedulers follow changed settings). */
  onStart?(s: Services): Promise<void>;
}

/** How many attempts a job has had, this one included, and how many it may have. */
export function attemptOf(job: Job): { number: number; of: number } {
  // attemptsMade counts the attempts that failed before this one.
  return { number: job.attemptsMade + 1, of: job.opts.attempts ?? 1 };
}
