import type { Incident, SetupProgress, SetupWaiting } from '../domain/incident.js';
import { keys } from '../store/keys.js';
import type { Services } from './context.js';
import { describeSlackError, isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { SlackWait } from '../slack/api/rate-tiers.js';
import { retryAfterMs, retrySlack } from '../slack/api/retry.js';
import { runDeclareHooks } from './hooks.js';
import { heldSlot, retryFor, setupSteps, type Step } from './declare-steps.js';

/** A setup paused for Slack's rate limit, and what the budget saw when it said so (for the person told). */
export type SetupWait = SetupWaiting & { seen?: { recent: number; ahead: number; limit: number } };

/** How long a second run waits for the one holding the setup lock: a setup takes a few Slack calls, each up to 5 s when Slack is slow. */
const OTHER_RUN_POLLS = 60;
const OTHER_RUN_POLL_MS = 250;

export type SetupResult =
  | { ok: true; incident: Incident; waiting?: undefined }
  /** Paused, not failed: the rest continues at `waiting.until` (app/declare.ts queues it). */
  | { ok: false; incident: Incident; waiting: SetupWait }
  | { ok: false; incident: Incident; waiting?: undefined; failedStep: string; reason: string; retryable: boolean };

/**
 * The channel is ready to work in: made, people invited, topic set, card posted and pinned. Only
 * the broadcast announcement may be left, and paging does not wait for it: a storm's announcements
 * go out at Slack's pace of about one a second in that channel, which held paging up to 18 s.
 */
export function channelReady(p: SetupProgress): boolean {
  return !!p.channelId && p.topicSet && !!p.cardTs && p.cardPinned;
}

async function saveProgress(s: Services, incident: Incident, patch: Partial<SetupProgress>): Promise<Incident> {
  const { incident: saved } = await s.incidents.mutate(incident.teamId, incident.number, ({ incident: current }) => {
    const setup = { ...current.setup, ...patch };
    // The channel → incident index follows the incident (store/incidents.ts).
    const ops = [];
    if (setup.complete) ops.push({ op: 'hdel' as const, key: keys.pendingSetup(current.teamId), field: current.declaredBy });
    return { change: { incident: { ...current, setup }, ops }, result: undefined };
  });
  return saved;
}

/**
 * A rate limit pauses the setup instead of failing it: the budget had no slot soon enough
 * (SlackWait), or Slack refused a call with a Retry-After the inline retries would not wait out.
 */
function waitOf(s: Services, step: Step, err: unknown): SetupWait | undefined {
  if (err instanceof SlackWait) {
    return { step: step.name, kind: err.kind, until: err.until, why: err.why, ...(err.slot ? { slot: err.slot } : {}), ...(err.seen ? { seen: err.seen } : {}) };
  }
  const after = retryAfterMs(err);
  return after === undefined ? undefined : { step: step.name, kind: step.kind, until: s.now() + after, why: 'slack' };
}

/**
 * The same declare typed twice: the second arrives while the first holds the lock. Answering
 * "could not finish the setup, run it again" would send a stressed person to retry something
 * that is about to succeed, so wait for the first run and answer with how it ended.
 */
async function afterOtherRun(s: Services, start: Incident, lockKey: string): Promise<SetupResult> {
  for (let i = 0; i < OTHER_RUN_POLLS && (await s.redis.exists(lockKey)) === 1; i++) {
    await new Promise((r) => setTimeout(r, OTHER_RUN_POLL_MS));
  }
  const incident = (await s.incidents.load(start.teamId, start.number))?.incident ?? start;
  // The run that finished (or readied) the channel ran the declare hooks; this one only reports.
  if (incident.setup.complete) return { ok: true, incident };
  if (incident.setup.waiting) return { ok: false, incident, waiting: incident.setup.waiting };
  const reason = incident.setup.lastError ?? 'another setup of this incident is still running';
  return { ok: false, incident, failedStep: 'finish the setup', reason, retryable: true };
}

/**
 * Runs whatever is left of an incident's Slack setup, saving after each step, so a failure
 * half-way loses nothing and a second run does only the rest. A lock keeps two runs
 * (a double-typed command) from creating two channels.
 */
export async function runSetup(s: Services, start: Incident): Promise<SetupResult> {
  const lockKey = keys.lock(start.teamId, `setup-${start.number}`);
  const got = await s.redis.set(lockKey, '1', 'PX', 60_000, 'NX');
  if (got !== 'OK') return afterOtherRun(s, start, lockKey);
  let incident = start;
  const held = heldSlot(start.setup.waiting);
  // The run that makes the channel ready runs the declare hooks, once, before the announcement.
  let hooksDue = !channelReady(start.setup);
  try {
    for (const step of setupSteps(s)) {
      if (step.done(incident.setup)) continue;
      try {
        // Steps that repeat safely (invite, topic, pin) are simply retried; the others retry inside.
        const patch = step.retriesItself ? await step.run(s, incident, held) : await retrySlack(() => step.run(s, incident, held), retryFor(s, step.name));
        incident = await saveProgress(s, incident, { ...patch, lastError: undefined, waiting: undefined });
        if (hooksDue && channelReady(incident.setup)) {
          hooksDue = false;
          await runDeclareHooks(s, incident);
        }
      } catch (err) {
        const wait = waitOf(s, step, err);
        if (wait) {
          const { seen: _seen, ...waiting } = wait;
          s.log.info('incident setup waits for Slack', { incident: incident.number, step: step.name, kind: wait.kind, why: wait.why, waitMs: wait.until - s.now() });
          incident = await saveProgress(s, incident, { waiting, lastError: undefined });
          return { ok: false, incident, waiting: wait };
        }
        const reason = err instanceof Error && !slackErrorCode(err) && !('code' in err) ? err.message : describeSlackError(err);
        s.log.warn('incident setup step failed', { incident: incident.number, step: step.name, err });
        incident = await saveProgress(s, incident, { lastError: `${step.name}: ${reason}`, waiting: undefined });
        return { ok: false, incident, failedStep: step.name, reason, retryable: isWorthRetrying(err) };
      }
    }
    incident = await saveProgress(s, incident, { complete: true, waiting: undefined });
    return { ok: true, incident };
  } finally {
    await s.redis.del(lockKey);
  }
}
