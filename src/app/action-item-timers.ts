import type { ActionItem } from '../domain/action-item.js';
import { policyFromSettings, type ReminderPolicy } from '../domain/action-item-schedule.js';
import { actionItemReminderJobId, DigestJobName, digestSchedulerId, DigestTickJob, QueueName, type ActionItemReminderJob } from '../jobs/queues.js';
import type { Services } from './context.js';

/**
 * Action items' timers. Reminder jobs carry the instant they were armed for: the id is
 * deterministic from (team, item, instant), and the processor acts only if the item still wants
 * a reminder at that instant, so moving, finishing or snoozing an item never needs the old job
 * found and removed (it is removed when possible, to keep the queue small).
 */

export function actionItemPolicy(s: Services): ReminderPolicy {
  return policyFromSettings(s.settings.actionItems);
}

export async function armActionItemReminder(s: Services, item: ActionItem): Promise<void> {
  if (item.remindAt === undefined) return;
  const data: ActionItemReminderJob = { teamId: item.teamId, id: item.id, at: item.remindAt };
  await s.queues.get(QueueName.actionItemReminders, item.teamId).add('remind', data, { jobId: actionItemReminderJobId(item.teamId, item.id, item.remindAt), delay: Math.max(0, item.remindAt - s.now()) });
}

/** Best effort: a job left behind finds the item no longer wants it and does nothing. */
async function disarmActionItemReminder(s: Services, team: string, id: number, at: number): Promise<void> {
  try {
    await (await s.queues.get(QueueName.actionItemReminders, team).getJob(actionItemReminderJobId(team, id, at)))?.remove();
  } catch (err) {
    // A job already running holds a lock and cannot be removed; it re-reads the item and stops itself.
    s.log.debug('could not remove a superseded reminder job', { id, at, err });
  }
}

/** After an item was written: move its reminder job if the instant changed, and make sure digests run. */
export async function rearmActionItemReminder(s: Services, before: ActionItem | undefined, after: ActionItem): Promise<void> {
  try {
    if (after.owner) await ensureDigestSchedule(s, after.teamId);
    if (before?.remindAt === after.remindAt) return;
    if (before?.remindAt !== undefined) await disarmActionItemReminder(s, before.teamId, before.id, before.remindAt);
    await armActionItemReminder(s, after);
  } catch (err) {
    // The item is saved; only its timer is missing. Logged loudly so it can be re-armed by hand.
    s.log.error('could not arm action item reminder', { team: after.teamId, id: after.id, remindAt: after.remindAt, err });
  }
}

function digestPattern(s: Services): string {
  return `0 ${actionItemPolicy(s).hour} * * *`;
}

/**
 * One scheduler per workspace, firing daily at the digest hour in the default zone. It runs every
 * day, not only on working days, because a working day in Tokyo may start on the default zone's Sunday.
 */
export async function ensureDigestSchedule(s: Services, team: string): Promise<void> {
  if (s.digestSchedules.has(team)) return;
  const data: DigestTickJob = { teamId: team };
  await s.queues.get(QueueName.actionItemDigests, team).upsertJobScheduler(
    digestSchedulerId(team),
    { pattern: digestPattern(s), tz: s.config.DEFAULT_TIMEZONE },
    { name: DigestJobName.tick, data },
  );
  s.digestSchedules.add(team);
}

/**
 * At worker start: existing workspace schedulers follow the configured hour and zone if they
 * changed, and one left on another shard by a change of JOB_SHARDS moves to its workspace's
 * shard, so no workspace ever has two schedulers (two digests a day).
 */
export async function refreshDigestSchedules(s: Services): Promise<number> {
  const pattern = digestPattern(s);
  let updated = 0;
  for (const queue of s.queues.all(QueueName.actionItemDigests)) {
    for (const sched of await queue.getJobSchedulers()) {
      const team = DigestTickJob.safeParse(sched.template?.data).data?.teamId;
      if (!team) continue;
      const home = s.queues.get(QueueName.actionItemDigests, team);
      if (home === queue && sched.pattern === pattern && sched.tz === s.config.DEFAULT_TIMEZONE) continue;
      const data: DigestTickJob = { teamId: team };
      await home.upsertJobScheduler(sched.key, { pattern, tz: s.config.DEFAULT_TIMEZONE }, { name: DigestJobName.tick, data });
      if (home !== queue) await queue.removeJobScheduler(sched.key);
      updated++;
    }
  }
  return updated;
}
