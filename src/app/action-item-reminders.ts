import { recordReminder } from '../domain/action-item-rules.js';
import { overdueWorkingDays } from '../domain/action-item-schedule.js';
import type { Services } from './context.js';
import { escalationText, reminderMessage } from '../slack/views/action-item-messages.js';
import { isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { actionItemStoreFor } from '../store/action-items.js';
import { keys } from '../store/keys.js';
import { loadSteps, type StepRecord } from '../store/steps.js';
import type { ActionItemReminderJob } from '../jobs/queues.js';
import { actionItemPolicy, rearmActionItemReminder } from './action-item-timers.js';

/** How long a "this reminder was sent" mark is kept: longer than any retry of the job. */
const SENT_MARK_MS = 3 * 24 * 3600_000;

export type ActionItemReminderOutcome = 'missing' | 'stale' | 'closed' | 'sent';

/**
 * Sends one message at most once per reminder: the mark is set before sending and taken back
 * only when Slack failed in a way worth retrying (rate limit, network), so the job's retry sends it.
 * A permanent refusal (user gone, channel archived) is logged and not retried: the chase goes on.
 */
async function sendOnce(s: Services, steps: StepRecord, to: string, send: () => Promise<unknown>): Promise<void> {
  if (!(await steps.claim(to))) return;
  try {
    await send();
  } catch (err) {
    if (isWorthRetrying(err)) {
      await steps.release(to);
      throw err;
    }
    s.log.warn('action item message refused by Slack; not retried', { to, code: slackErrorCode(err) });
  }
}

/**
 * One reminder of one item. First the reminder is recorded on the item and the next one armed
 * (in one atomic write, only if the item still wants this reminder), then the messages are sent.
 * A done or cancelled item, or one whose reminder moved, is left alone, however late the job runs.
 */
export async function runActionItemReminder(s: Services, job: ActionItemReminderJob): Promise<ActionItemReminderOutcome> {
  const store = actionItemStoreFor(s.redis);
  const policy = actionItemPolicy(s);
  const found = await store.get(job.teamId, job.id);
  if (!found) return 'missing';
  let item = found;
  if (item.state === 'open' && item.remindAt === job.at) {
    const now = s.now();
    const res = await store.change(
      s.incidents,
      job.teamId,
      item.incident,
      item.id,
      (_incident, current) => {
        if (!current || current.state !== 'open' || current.remindAt !== job.at) return { result: undefined };
        const escalate = current.escalatedAt === undefined && overdueWorkingDays(current, now, policy) >= policy.escalateAfterWorkingDays;
        return { item: recordReminder(current, { at: job.at, now, escalate }, policy), result: undefined };
      },
      policy,
    );
    if (res.changed && res.item) await rearmActionItemReminder(s, res.before, res.item);
    if (!res.item) return 'missing';
    item = res.item;
  }
  // A retry after the record was written lands here too, and sends what is still unsent.
  if (item.lastReminder?.at !== job.at) return 'stale';
  if (item.state !== 'open') return 'closed';
  const now = s.now();
  const incident = (await s.incidents.load(job.teamId, item.incident))?.incident;
  const owner = item.owner;
  const sent = await loadSteps(s.redis, keys.actionSent(job.teamId, item.id, job.at), SENT_MARK_MS);
  if (owner) {
    const msg = reminderMessage(item, incident, job.at, now, policy);
    await sendOnce(s, sent, owner, () =>
      s.slack.chat.postMessage({ channel: owner, text: msg.text, ...(msg.blocks ? { blocks: msg.blocks } : {}), unfurl_links: false }),
    );
  }
  if (item.lastReminder.escalated) {
    const text = escalationText(item, incident, now, policy);
    const commander = incident?.roles.commander;
    if (commander) {
      await sendOnce(s, sent, `ic-${commander}`, () =>
        s.slack.chat.postMessage({ channel: commander, text, unfurl_links: false }),
      );
    }
    const channel = incident?.setup.channelId;
    if (channel) {
      await sendOnce(s, sent, 'channel', () => s.slack.chat.postMessage({ channel, text, unfurl_links: false }));
    }
  }
  return 'sent';
}
