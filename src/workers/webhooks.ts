import { deliverWebhook, sweepWebhookOutbox } from '../app/webhooks.js';
import { WebhookJob } from '../jobs/webhook-queue.js';
import { QueueName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Delivers one signed webhook; at start, queues what a crash left in the outbox. */
export const webhooksProcessor: QueueProcessor = {
  queue: QueueName.webhooks,
  concurrency: 20,
  process: (s, job) => deliverWebhook(s, job, WebhookJob.parse(job.data)),
  async onStart(s) {
    await sweepWebhookOutbox(s);
  },
};
