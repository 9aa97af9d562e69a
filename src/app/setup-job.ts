import type { DeclareSetupJob } from '../jobs/queues.js';
import { SlackWait } from '../slack/api/rate-tiers.js';
import type { Services } from './context.js';
import { finishSetup, waitSlot } from './declare.js';
import { INLINE_WAIT_MS } from './slack-budget.js';
import { setupReply, tellAboutSetup, type Audience } from './setup-notices.js';

/**
 * The `declare-setup` job: the rest of a declare's Slack setup, at the slot the shared budget
 * gave it. It tells the declarer (or the alerts' channel) when the setup is done, and runs the
 * declare hooks (paging level 1) through finishSetup like an inline setup.
 *
 * A job that finds the setup moved on does nothing: finished by a retyped declare (whose reply
 * said so), or paused again at a later slot (whose own job will run). One that runs before its
 * slot (promoted, or a clock apart) waits for it without counting as an attempt.
 */
export async function continueSetup(s: Services, job: DeclareSetupJob, attempt: { number: number; of: number }): Promise<void> {
  const loaded = await s.incidents.load(job.teamId, job.incident);
  if (!loaded || loaded.incident.setup.complete) return;
  const incident = loaded.incident;
  const w = incident.setup.waiting;
  if (w && waitSlot(w) !== job.slot) return;
  if (w && w.until - s.now() > INLINE_WAIT_MS) throw new SlackWait(w.kind, w.until, w.until - s.now(), w.why, w.slot);
  const audience: Audience = job.notice?.via === 'channel' ? 'channel' : 'person';
  const result = await finishSetup(s, incident, job.notice);
  if (result.waiting) {
    const again = result.waiting;
    // Still this job's slot (the clock is behind the budget's): this job waits for it.
    if (waitSlot(again) === job.slot) throw new SlackWait(again.kind, again.until, Math.max(0, again.until - s.now()), again.why, again.slot);
    // Paused at a later step: its own job is queued; the person hears why it takes longer.
    await tellAboutSetup(s, job.notice, setupReply(result, { audience, resumed: true, now: s.now() }).text);
    return;
  }
  if (!result.ok && result.retryable && attempt.number < attempt.of) {
    throw new Error(`INC-${incident.number} setup: could not ${result.failedStep}: ${result.reason}`);
  }
  await tellAboutSetup(s, job.notice, setupReply(result, { audience, resumed: true, now: s.now() }).text);
}
