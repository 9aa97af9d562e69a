import { choosePolicy } from '../domain/escalation.js';
import { declare } from '../domain/lifecycle.js';
import { incidentLabel, type Incident, type SetupWaiting } from '../domain/incident.js';
import type { Declaration } from '../domain/declaration.js';
import type { TimelineSource } from '../domain/timeline.js';
import { keys } from '../store/keys.js';
import type { Services } from './context.js';
import { declareSetupJobId, QueueName, type DeclareSetupJob, type SetupNotice } from '../jobs/queues.js';
import { runSetup, type SetupResult } from './declare-setup.js';

/** A checked declaration (domain/declaration.ts) and who made it, from where; `commander: null` declares with nobody leading yet (an alert did). */
export type DeclareRequest = Omit<Declaration, 'commander'> & { commander?: string | null | undefined; teamId: string; userId: string; source: TimelineSource };

/**
 * Saves the incident first (so it exists whatever Slack does), then runs the Slack setup;
 * `notice` is where the declarer hears how a setup paused by Slack's rate limit ends.
 */
export async function declareIncident(s: Services, req: DeclareRequest, notice?: SetupNotice): Promise<SetupResult> {
  const now = s.now();
  // Chosen (and an unknown name refused) before anything is saved; the incident keeps a copy.
  const policy = choosePolicy(s.settings.escalation, req.policy);
  const number = await s.incidents.nextNumber(req.teamId);
  const { incident: declared, entries } = declare({
    teamId: req.teamId,
    number,
    title: req.title,
    severity: req.severity,
    ...(req.impact !== undefined ? { impact: req.impact } : {}),
    private: req.private,
    ...(req.commander !== undefined ? { commander: req.commander } : {}),
    timeZone: s.config.DEFAULT_TIMEZONE,
    declaredBy: req.userId,
    source: req.source,
    now,
    ids: s.ids,
  });
  const incident = policy ? { ...declared, policy } : declared;
  const saved = await s.incidents.save(0, {
    incident,
    add: entries,
    ops: [
      { op: 'hset', key: keys.pendingSetup(req.teamId), field: req.userId, value: String(number) },
    ],
  });
  if (!saved.ok) throw new Error(`could not save new incident ${incidentLabel(incident)} (${saved.reason})`);
  return finishSetup(s, incident, notice);
}

/**
 * How late a paused setup's job may be before someone else (a retyped declare, an alert's
 * retry) runs the setup itself: the job was lost, or no worker is running.
 */
export const SETUP_JOB_LATE_MS = 60_000;

/** True while a paused setup's job is due to finish it: nobody else should start it again. */
export function waitingOnJob(incident: Incident, now: number): boolean {
  const w = incident.setup.waiting;
  return !incident.setup.complete && w !== undefined && now < w.until + SETUP_JOB_LATE_MS;
}

/** The job id's part that names a paused setup's place: its slot, or the instant Slack said. */
export function waitSlot(w: Pick<SetupWaiting, 'slot' | 'until'>): string {
  return w.slot ?? `at-${w.until}`;
}

/**
 * Runs what is left of the Slack setup. Once its channel is ready (everything but the broadcast
 * announcement, see `channelReady`), the features that act on a new incident (paging level 1,
 * status reminders) run, once (runSetup) — also when a failed or paused setup gets there later. A
 * setup paused by Slack's rate limit continues in a `declare-setup` job at its slot, which tells
 * `notice` how it went.
 */
export async function finishSetup(s: Services, incident: Incident, notice?: SetupNotice): Promise<SetupResult> {
  const result = await runSetup(s, incident);
  if (result.waiting) {
    const w = result.waiting;
    const slot = waitSlot(w);
    const job: DeclareSetupJob = { teamId: incident.teamId, incident: incident.number, slot, ...(notice ? { notice } : {}) };
    // The same slot gives the same id: a second run while paused queues nothing more.
    await s.queues.get(QueueName.declareSetup, incident.teamId).add('setup', job, { jobId: declareSetupJobId(incident.teamId, incident.number, slot), delay: Math.max(0, w.until - s.now()) });
  }
  return result;
}

/** An unfinished setup this user started, to be finished instead of declaring a duplicate. */
export async function pendingSetupOf(s: Services, team: string, user: string): Promise<Incident | undefined> {
  const n = await s.redis.hget(keys.pendingSetup(team), user);
  if (!n) return undefined;
  const loaded = await s.incidents.load(team, Number(n));
  return loaded && !loaded.incident.setup.complete ? loaded.incident : undefined;
}
