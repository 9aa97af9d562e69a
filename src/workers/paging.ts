import { deliverPage } from '../app/paging.js';
import { PageDeliveryJob, QueueName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Delivers a page: the DMs, the invites and the channel announcement of one escalation step. */
export const pagingProcessor: QueueProcessor = {
  queue: QueueName.paging,
  concurrency: 10,
  process: (s, job) => deliverPage(s, PageDeliveryJob.parse(job.data)),
};
