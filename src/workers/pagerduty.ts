import { sendPagerDutyJob } from '../app/pagerduty-events.js';
import { PagerDutyJob } from '../jobs/pagerduty-queue.js';
import { QueueName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Sends one acknowledge or resolve event to PagerDuty's Events API v2. */
export const pagerDutyProcessor: QueueProcessor = {
  queue: QueueName.pagerduty,
  concurrency: 5,
  process: (s, job) => sendPagerDutyJob(s, PagerDutyJob.parse(job.data)),
};
