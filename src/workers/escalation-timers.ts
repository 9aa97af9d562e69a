import { runEscalationTimer } from '../app/escalation-timers.js';
import { runStatusReminderTimer } from '../app/status-reminders.js';
import { EscalationTimerJob, QueueName, StatusReminderJob, TimerJobName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** Timer jobs are a few Redis round trips each; many run at once so a burst of deadlines is not queued behind itself. */
export const TIMER_CONCURRENCY = 50;

/** The escalation queue holds both kinds of incident timers: the next escalation level and the status-update reminder. */
export const escalationTimersProcessor: QueueProcessor = {
  queue: QueueName.timers,
  concurrency: TIMER_CONCURRENCY,
  async process(s, job) {
    if (job.name === TimerJobName.escalate) return runEscalationTimer(s, EscalationTimerJob.parse(job.data));
    if (job.name === TimerJobName.remind) return runStatusReminderTimer(s, StatusReminderJob.parse(job.data));
    throw new Error(`unknown timer job ${job.name}`);
  },
};
