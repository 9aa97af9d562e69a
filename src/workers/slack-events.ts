import { applySlackEvent } from '../app/pins.js';
import { QueueName, SlackEventJob } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** 📌 and message events the web process could not act on while Slack was failing. */
export const slackEventsProcessor: QueueProcessor = {
  queue: QueueName.slackEvents,
  process: (s, job) => applySlackEvent(s, SlackEventJob.parse(job.data)),
};
