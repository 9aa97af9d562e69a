import { fanOutDigests, runDigest } from '../app/action-item-digest.js';
import { runActionItemReminder } from '../app/action-item-reminders.js';
import { refreshDigestSchedules } from '../app/action-item-timers.js';
import { ActionItemReminderJob, DigestJob, DigestJobName, DigestTickJob, QueueName } from '../jobs/queues.js';
import type { QueueProcessor } from './processor.js';

/** An action item's reminder to its owner (and, when long overdue, to the commander and the channel). */
export const actionItemRemindersProcessor: QueueProcessor = {
  queue: QueueName.actionItemReminders,
  process: (s, job) => runActionItemReminder(s, ActionItemReminderJob.parse(job.data)),
};

/** The daily tick of a workspace fans out into one digest job per owner. */
export const actionItemDigestsProcessor: QueueProcessor = {
  queue: QueueName.actionItemDigests,
  async process(s, job) {
    if (job.name === DigestJobName.tick) return fanOutDigests(s, DigestTickJob.parse(job.data).teamId, s.now());
    return runDigest(s, DigestJob.parse(job.data));
  },
  async onStart(s) {
    // Schedulers made under an older digest hour or zone follow the current settings.
    await refreshDigestSchedules(s).catch((err: unknown) => s.log.warn('could not refresh action digest schedules', { err }));
  },
};
