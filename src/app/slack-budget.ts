import { randomUUID } from 'node:crypto';
import { isRateLimited } from '../slack/api/errors.js';
import { budgetRule, SlackWait } from '../slack/api/rate-tiers.js';
import { retryAfterMs } from '../slack/api/retry.js';
import { createSlackBudget } from '../store/slack-budget.js';
import { slackBudgetWaits } from '../telemetry/metrics.js';
import type { Services } from './context.js';

/**
 * A wait this short is spent where the call is made: a person who would wait two seconds reads
 * one reply, not "I'll do it shortly" followed by "done". Longer waits throw SlackWait, and the
 * caller schedules the rest (a declare continues in a job; a job is delayed).
 */
export const INLINE_WAIT_MS = 3_000;
/** Slack refusing a call the budget allowed this many times in a row ends the inline tries. */
const SLACK_REFUSALS = 3;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface SlotOptions {
  /**
   * The reservation id of this call: one it already holds (a setup resumed at its slot), or one
   * derived from the work (a job's step), so the job that waited for its slot finds that slot
   * again when it runs, instead of queueing at the back of the line. Omitted: a fresh one.
   */
  slot?: string | undefined;
  inlineWaitMs?: number;
}

/**
 * Makes one Slack call of `kind` within the workspace's shared budget (store/slack-budget.ts):
 * a slot is taken first, the call waits for it when it is near, and otherwise SlackWait says
 * when it will be. A `ratelimited` answer all the same (another app of the same install, a clock
 * apart between processes) holds every process off for its Retry-After before the call is tried
 * again, so no process hammers Slack while it is refusing.
 */
export async function withSlot<T>(s: Services, team: string, kind: string, call: () => Promise<T>, opts: SlotOptions = {}): Promise<T> {
  const budget = createSlackBudget(s.redis);
  const rule = budgetRule(kind);
  const inline = opts.inlineWaitMs ?? INLINE_WAIT_MS;
  const method = kind.split(':')[0] ?? kind;
  let id = opts.slot ?? randomUUID();
  let refused = 0;
  for (;;) {
    const now = s.now();
    const grant = await budget.reserve(team, kind, rule, id, now);
    const wait = grant.at - now;
    if (wait > inline) {
      const why = refused > 0 ? 'slack' : 'budget';
      slackBudgetWaits.inc({ method, why });
      throw new SlackWait(kind, grant.at, wait, why, id, { recent: grant.recent, ahead: grant.ahead, limit: rule.limit });
    }
    if (wait > 0) await sleep(wait);
    try {
      return await call();
    } catch (err) {
      const after = isRateLimited(err) ? retryAfterMs(err) : undefined;
      if (after === undefined) throw err;
      refused++;
      const at = s.now();
      await budget.hold(team, kind, at + after, at);
      s.log.warn('slack refused a call the budget allowed; every process holds off', { kind, retryAfterMs: after, refused });
      if (refused >= SLACK_REFUSALS) {
        slackBudgetWaits.inc({ method, why: 'slack' });
        throw new SlackWait(kind, at + after, after, 'slack');
      }
      // The refused call keeps its slot (counted, to be safe); the next try queues behind the hold.
      id = randomUUID();
    }
  }
}
