import type { Queue } from 'bullmq';
import { armedTimer, escalateOnTimeout, type EscalationOutcome, type EscalationTimer } from '../domain/escalation.js';
import { isAcked } from '../domain/escalation-state.js';
import type { Incident } from '../domain/incident.js';
import { isActive } from '../domain/status.js';
import type { ReminderTimer } from '../domain/status-updates.js';
import type { Services } from './context.js';
import { EscalationTimerJob, pageDeliveryJobId, QueueName, TimerJobName, timerJobId, type PageDeliveryJob, type StatusReminderJob } from '../jobs/queues.js';

/**
 * Escalation and status-update timers are BullMQ delayed jobs with ids derived from the
 * incident's state, (level, attempt) and the reminder's `seq`, which are never reused. A job
 * only says "this step may be due"; its processor re-reads the incident and does nothing
 * when the state has moved on, so a late, duplicated or restarted job never pages wrongly.
 * The web process only enqueues; the worker process runs the processors.
 */


async function removeJob(queue: Queue, id: string): Promise<void> {
  try {
    await (await queue.getJob(id))?.remove();
  } catch {
    // Running right now (locked): it will re-read the state and do nothing.
  }
}

export async function armEscalation(s: Services, team: string, n: number, t: EscalationTimer): Promise<void> {
  const data: EscalationTimerJob = { teamId: team, incident: n, level: t.level, attempt: t.attempt };
  await s.queues.get(QueueName.timers, team).add(TimerJobName.escalate, data, { jobId: timerJobId.escalation(team, n, t.level, t.attempt), delay: Math.max(0, t.at - s.now()) });
}

export async function armStatusReminder(s: Services, team: string, n: number, t: ReminderTimer): Promise<void> {
  const data: StatusReminderJob = { teamId: team, incident: n, seq: t.seq };
  await s.queues.get(QueueName.timers, team).add(TimerJobName.remind, data, { jobId: timerJobId.statusReminder(team, n, t.seq), delay: Math.max(0, t.at - s.now()) });
}

export async function enqueueDelivery(s: Services, data: PageDeliveryJob): Promise<void> {
  await s.queues.get(QueueName.paging, data.teamId).add('deliver', data, { jobId: pageDeliveryJobId(data.teamId, data.incident, data.entry) });
}

/** After a saved escalation step: drop the old timer, arm the new one, deliver the page. */
export async function applyEscalation(s: Services, incident: Incident, out: Omit<EscalationOutcome, 'incident'>): Promise<void> {
  const { teamId: team, number: n } = incident;
  const work: Promise<void>[] = [];
  // Different job ids, so the three can go out together.
  if (out.cancel) work.push(removeJob(s.queues.get(QueueName.timers, team), timerJobId.escalation(team, n, out.cancel.level, out.cancel.attempt)));
  if (out.arm) work.push(armEscalation(s, team, n, out.arm));
  const entry = out.entries[0];
  if (entry && (out.page !== undefined || out.remindCommander)) {
    work.push(
      enqueueDelivery(s, {
        teamId: team,
        incident: n,
        entry: entry.id,
        ...(out.page !== undefined ? { page: out.page } : {}),
        ...(out.remindCommander ? { remind: true } : {}),
      }),
    );
  }
  await Promise.all(work);
}

export async function applyStatusReminder(s: Services, incident: Incident, out: { arm?: ReminderTimer | undefined; cancel?: ReminderTimer | undefined }): Promise<void> {
  const { teamId: team, number: n } = incident;
  if (out.cancel) await removeJob(s.queues.get(QueueName.timers, team), timerJobId.statusReminder(team, n, out.cancel.seq));
  if (out.arm) await armStatusReminder(s, team, n, out.arm);
}

/**
 * Makes sure what the saved state promises exists as jobs: its armed timer and the delivery of
 * its latest page. Adding an existing job id is a no-op and delivery steps are idempotent, so
 * this is safe to call any time; it repairs a worker killed between saving and enqueueing.
 */
export async function resumeEscalation(s: Services, incident: Incident): Promise<void> {
  const state = incident.escalation;
  if (!state || state.stopped || !isActive(incident.status)) return;
  const timer = armedTimer(state);
  if (timer) await armEscalation(s, incident.teamId, incident.number, timer);
  const index = state.pages.length - 1;
  const last = state.pages[index];
  if (last?.entry && !isAcked(last)) await enqueueDelivery(s, { teamId: incident.teamId, incident: incident.number, entry: last.entry, page: index });
  if (state.reminder) await armStatusReminder(s, incident.teamId, incident.number, { seq: state.reminder.seq, at: state.reminder.due });
}

/** An escalation timer fired: escalate, re-page or stop, exactly once however often the job runs. */
export async function runEscalationTimer(s: Services, data: EscalationTimerJob): Promise<'escalated' | 'stale'> {
  // Read once, inside mutate: incidents are never deleted, so the job's incident is always there.
  const { result } = await s.incidents.mutate(data.teamId, data.incident, ({ incident }) => {
    const out = escalateOnTimeout(incident, data, s.now(), s.ids);
    return out ? { change: { incident: out.incident, add: out.entries }, result: out } : { result: undefined };
  });
  if (!result) {
    const current = await s.incidents.load(data.teamId, data.incident);
    if (current) await resumeEscalation(s, current.incident);
    return 'stale';
  }
  await applyEscalation(s, result.incident, result);
  return 'escalated';
}
