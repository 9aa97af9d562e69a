import { continueSetup } from '../app/setup-job.js';
import { DeclareSetupJob, QueueName } from '../jobs/queues.js';
import { attemptOf, type QueueProcessor } from './processor.js';

/** The rest of a declare's Slack setup, paused by Slack's rate limit, at its slot in the shared budget. */
export const declareSetupProcessor: QueueProcessor = {
  queue: QueueName.declareSetup,
  // A storm's setups come due twenty at a time (a minute's channels); each is a few Slack calls.
  concurrency: 20,
  process: (s, job) => continueSetup(s, DeclareSetupJob.parse(job.data), attemptOf(job)),
};
