import type { Queue } from 'bullmq';
import { z } from 'zod';
import type { ActionItem } from '../domain/action-item.js';
import { policyFromSettings, type ReminderPolicy } from '../domain/action-schedule.js';
import type { Services } from '../app/context.js';
import { jobId } from './connection.js';

/**
 * Queues and job payloads of action items. Reminder jobs carry the instant they were armed for:
 * the id is deterministic from (team, item, instant), and the processor acts only if the item
 * still wants a reminder at that instant, so moving, finishing or snoozing an item never needs
 * the old job found and removed (it is removed when possible, to keep the queue small).
 */

export const ActionQueue = {
  reminders: 'action-reminders',
  digests: 'action-digests',
} as const;

export const ReminderJob = z.object({ teamId: z.string(), id: z.number().int().positive(), at: z.number().int() });
export type ReminderJob = z.infer<typeof ReminderJob>;

/** Made by the per-workspace job scheduler once a day; fans out into one DigestJob per owner. */
export const DigestTickJob = z.object({ teamId: z.string() });
export type DigestTickJob = z.infer<typeof DigestTickJob>;

export const DigestJob = z.object({ teamId: z.string(), owner: z.string(), date: z.iso.date(), at: z.number().int() });
export type DigestJob = z.infer<typeof DigestJob>;

export const DigestJobName = { tick: 'digest-tick', digest: 'digest' } as const;

export function actionPolicy(s: Services): ReminderPolicy {
  return policyFromSettings(s.settings.actionItems);
}

export function reminderQueue(s: Services): Queue<ReminderJob> {
  // The instant is in the id, so a finished job never has to be kept to block a duplicate.
  return s.queues.get<ReminderJob>(ActionQueue.reminders, { removeOnComplete: true });
}

/** Digest ids carry the owner's local date and are kept three days, so two ticks never send one day twice. */
export function digestQueue(s: Services): Queue<DigestTickJob | DigestJob> {
  return s.queues.get<DigestTickJob | DigestJob>(ActionQueue.digests, { removeOnComplete: { age: 3 * 24 * 3600 } });
}

export function reminderJobId(team: string, id: number, at: number): string {
  return jobId('remind', team, `A${id}`, at);
}

export function digestJobId(team: string, owner: string, date: string): string {
  return jobId('digest', team, owner, date);
}

export function digestSchedulerId(team: string): string {
  return jobId('digest-schedule', team);
}

export async function armReminder(s: Services, item: ActionItem): Promise<void> {
  if (item.remindAt === undefined) return;
  const data: ReminderJob = { teamId: item.teamId, id: item.id, at: item.remindAt };
  await reminderQueue(s).add('remind', data, { jobId: reminderJobId(item.teamId, item.id, item.remindAt), delay: Math.max(0, item.remindAt - s.now()) });
}

/** Best effort: a job left behind finds the item no longer wants it and does nothing. */
async function disarmReminder(s: Services, team: string, id: number, at: number): Promise<void> {
  try {
    await (await reminderQueue(s).getJob(reminderJobId(team, id, at)))?.remove();
  } catch (err) {
    // A job already running holds a lock and cannot be removed; it re-reads the item and stops itself.
    s.log.debug('could not remove a superseded reminder job', { id, at, err });
  }
}

/** After an item was written: move its reminder job if the instant changed, and make sure digests run. */
export async function rearmReminder(s: Services, before: ActionItem | undefined, after: ActionItem): Promise<void> {
  try {
    if (after.owner) await ensureDigestSchedule(s, after.teamId);
    if (before?.remindAt === after.remindAt) return;
    if (before?.remindAt !== undefined) await disarmReminder(s, before.teamId, before.id, before.remindAt);
    await armReminder(s, after);
  } catch (err) {
    // The item is saved; only its timer is missing. Logged loudly so it can be re-armed by hand.
    s.log.error('could not arm action item reminder', { team: after.teamId, id: after.id, remindAt: after.remindAt, err });
  }
}

function digestPattern(s: Services): string {
  return `0 ${actionPolicy(s).hour} * * *`;
}

/** Keyed by the queues, so a command's own copy of the services (after-reply.ts) shares the set. */
const scheduled = new WeakMap<Services['queues'], Set<string>>();

/**
 * One scheduler per workspace, firing daily at the digest hour in the default zone. It runs every
 * day, not only on working days, because a working day in Tokyo may start on the default zone's Sunday.
 */
export async function ensureDigestSchedule(s: Services, team: string): Promise<void> {
  const done = scheduled.get(s.queues) ?? new Set<string>();
  scheduled.set(s.queues, done);
  if (done.has(team)) return;
  const data: DigestTickJob = { teamId: team };
  await digestQueue(s).upsertJobScheduler(
    digestSchedulerId(team),
    { pattern: digestPattern(s), tz: s.config.DEFAULT_TIMEZONE },
    { name: DigestJobName.tick, data },
  );
  done.add(team);
}

/** At worker start: existing workspace schedulers follow the configured hour and zone if they changed. */
export async function refreshDigestSchedules(s: Services): Promise<number> {
  const queue = digestQueue(s);
  const pattern = digestPattern(s);
  let updated = 0;
  for (const sched of await queue.getJobSchedulers()) {
    const team = DigestTickJob.safeParse(sched.template?.data).data?.teamId;
    if (!team || (sched.pattern === pattern && sched.tz === s.config.DEFAULT_TIMEZONE)) continue;
    const data: DigestTickJob = { teamId: team };
    await queue.upsertJobScheduler(sched.key, { pattern, tz: s.config.DEFAULT_TIMEZONE }, { name: DigestJobName.tick, data });
    updated++;
  }
  return updated;
}
