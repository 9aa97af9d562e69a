import { deliverPostmortemAttempt } from '../app/postmortem-delivery.js';
import { PostmortemJob, QueueName } from '../jobs/queues.js';
import { attemptOf, type QueueProcessor } from './processor.js';

/** Uploads a postmortem draft version and announces it. */
export const postmortemProcessor: QueueProcessor = {
  queue: QueueName.postmortem,
  concurrency: 4,
  process: (s, job) => deliverPostmortemAttempt(s, PostmortemJob.parse(job.data), attemptOf(job)),
};
