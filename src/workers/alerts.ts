import { processAlertJob } from '../app/alerts/process.js';
import { AlertJob } from '../jobs/alert-queue.js';
import { QueueName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Routes one accepted alert payload: de-duplicate, declare or attach, triage, record resolves. */
export const alertsProcessor: QueueProcessor = {
  queue: QueueName.alerts,
  concurrency: 10,
  process: (s, job) => processAlertJob(s, AlertJob.parse(job.data), job.id ?? `${job.name}-${job.timestamp}`),
};
