import type { KnownBlock } from '@slack/types';
import { UnrecoverableError } from 'bullmq';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { severityLabel } from '../domain/severity.js';
import { statusLabel } from '../domain/status.js';
import { postUpdate, reminderDue, sinceLastUpdate, snoozeReminder, type StatusReminderOutcome } from '../domain/status-updates.js';
import { formatClock, formatDuration } from '../domain/time-format.js';
import type { TimelineSource } from '../domain/timeline.js';
import type { StatusReminderJob } from '../jobs/queues.js';
import { applyStatusReminder } from './escalation-timers.js';
import type { Services } from './context.js';
import type { AfterReply } from './after-reply.js';
import { applyRule } from './apply.js';
import { reminderInterval } from './escalation.js';
import { ActionId } from '../slack/views/ids.js';
import { escapeText, userText } from '../slack/views/mrkdwn.js';
import { describeSlackError, isWorthRetrying } from '../slack/api/errors.js';
import { loadSteps } from '../store/steps.js';
import { keys } from '../store/keys.js';
import { findStepMessage, postOnce, stepId, stepMetadata } from './slack-steps.js';

/** A reminder's step record lives as long as a page's: long after anyone would retry it. */
const REMINDER_STEP_TTL_MS = 30 * 24 * 3600_000;

export function reminderText(incident: Incident, now: number): string {
  const ic = incident.roles.commander ? `<@${incident.roles.commander}> ` : '';
  const since = formatDuration(sinceLastUpdate(incident, now));
  const what = incident.lastUpdateAt ? `The last status update was ${since} ago` : `No status update since the incident was declared ${since} ago`;
  return `:alarm_clock: ${ic}${what}. Post one so everyone waiting knows where ${incidentLabel(incident)} stands.`;
}

export function reminderBlocks(incident: Incident, now: number): KnownBlock[] {
  const value = String(incident.number);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: reminderText(incident, now) } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: ActionId.postUpdate, style: 'primary', text: { type: 'plain_text', text: 'Post update' }, value },
        { type: 'button', action_id: ActionId.snoozeStatusReminder, text: { type: 'plain_text', text: 'Snooze 30 min' }, value },
      ],
    },
  ];
}

/** A DM to the incident's commander (or its declarer); a failure here is only logged, the caller is failing already. */
async function tellCommander(s: Services, incident: Incident, text: string): Promise<void> {
  const user = incident.roles.commander ?? incident.declaredBy;
  await s.slack.chat.postMessage({ channel: user, text }).catch((err: unknown) => s.log.warn('could not tell the commander', { incident: incident.number, err }));
}

/**
 * A reminder job fired. The message goes out before the next reminder is armed, so a Slack
 * failure retries this job rather than skipping a reminder; a stale job posts nothing.
 */
export async function runStatusReminderTimer(s: Services, data: StatusReminderJob): Promise<'reminded' | 'stale'> {
  const loaded = await s.incidents.load(data.teamId, data.incident);
  if (!loaded) return 'stale';
  const incident = loaded.incident;
  if (!reminderDue(incident, data.seq, s.now(), reminderInterval(s, incident))) return 'stale';
  const channel = incident.setup.channelId;
  if (channel) {
    // Claimed before it is posted and found by its metadata after a crash: one reminder per
    // sequence number, even when the worker dies between posting and arming the next one.
    const step = `reminder-${data.seq}`;
    const id = stepId(incident.teamId, incident.number, step);
    const steps = await loadSteps(s.redis, keys.paging(incident.teamId, incident.number), REMINDER_STEP_TTL_MS);
    await postOnce(
      steps,
      step,
      async () => {
        try {
          const res = await s.slack.chat.postMessage({ channel, text: reminderText(incident, s.now()), blocks: reminderBlocks(incident, s.now()), metadata: stepMetadata(id) });
          return `${channel} ${res.ts ?? ''}`;
        } catch (err) {
          if (isWorthRetrying(err)) throw err;
          // The channel is closed to the bot: the commander hears it instead, once.
          await tellCommander(s, incident, `:warning: I could not post the status-update reminder for ${incidentLabel(incident)} in <#${channel}>: ${describeSlackError(err)}.`);
          throw new UnrecoverableError(`cannot post the status-update reminder: ${describeSlackError(err)}`);
        }
      },
      () => findStepMessage(s, channel, id),
    );
  }
  let out: StatusReminderOutcome | undefined;
  const { incident: after, changed } = await s.incidents.mutate(data.teamId, data.incident, ({ incident: current }) => {
    out = reminderDue(current, data.seq, s.now(), reminderInterval(s, current));
    return out ? { change: { incident: out.incident }, result: undefined } : { result: undefined };
  });
  if (changed && out) await applyStatusReminder(s, after, out);
  return 'reminded';
}

export interface PostedUpdate {
  incident: Incident;
  /** What could not be posted (the update is recorded either way). */
  problems: string[];
}

/** `/incident update` and the Post update modal: record, post in the channel and the broadcast channel, re-arm. */
export async function postStatusUpdate(
  s: Services,
  team: string,
  n: number,
  { after: afterReply, ...input }: { text: string; by: string; source: TimelineSource; after?: AfterReply | undefined },
): Promise<PostedUpdate> {
  const { after, outcome } = await applyRule(s, team, n, (incident) => postUpdate(incident, { ...input, now: s.now(), ids: s.ids, intervalMs: reminderInterval(s, incident) }), {
    echo: false,
    after: afterReply,
  });
  await applyStatusReminder(s, after, outcome);
  const problems: string[] = [];
  const label = `${incidentLabel(after)} (${severityLabel(after.severity)}, ${statusLabel(after.status)})`;
  const body = userText(input.text.trim());
  const channel = after.setup.channelId;
  if (channel) {
    await s.slack.chat
      .postMessage({ channel, text: `:loudspeaker: *Status update* · ${label}\n${body}\n— <@${input.by}>`, unfurl_links: false })
      .catch((err: unknown) => problems.push(`the incident channel (${describeSlackError(err)})`));
  }
  const broadcast = s.config.BROADCAST_CHANNEL;
  if (broadcast && broadcast !== channel) {
    const where = channel ? ` · <#${channel}>` : '';
    await s.slack.chat
      .postMessage({ channel: broadcast, text: `:loudspeaker: *${label} update:* ${escapeText(after.title)}\n${body}\n— <@${input.by}>${where}`, unfurl_links: false })
      .catch((err: unknown) => problems.push(`<#${broadcast}> (${describeSlackError(err)})`));
  }
  return { incident: after, problems };
}

/** Snooze 30 min: re-arms the reminder; returns when it comes back. */
export async function snoozeStatusReminder(s: Services, team: string, n: number): Promise<{ incident: Incident; until: number }> {
  const { incident, changed, result } = await s.incidents.mutate(team, n, ({ incident: current }) => {
    const out = snoozeReminder(current, { now: s.now() });
    return { change: { incident: out.incident }, result: out };
  });
  if (changed) await applyStatusReminder(s, incident, result);
  return { incident, until: result.arm?.at ?? s.now() };
}

export function snoozedText(incident: Incident, user: string, until: number): string {
  return `:zzz: Status-update reminder snoozed by <@${user}> until ${formatClock(until, incident.timeZone)}.`;
}
