import type { KnownBlock } from '@slack/types';
import { UnrecoverableError } from 'bullmq';
import { makeEntry } from '../domain/entries.js';
import { isAcked, type Page } from '../domain/escalation-state.js';
import { acker } from '../slack/views/paging-card.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { severityLabel } from '../domain/severity.js';
import { isActive } from '../domain/status.js';
import { formatClock, makeTimelineFormatter } from '../domain/time-format.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { PageDeliveryJob } from '../jobs/queues.js';
import type { Services } from './context.js';
import { keys } from '../store/keys.js';
import { loadSteps, type StepRecord } from '../store/steps.js';
import { findStepMessage, postOnce, stepId, stepMetadata } from './slack-steps.js';
import { ActionId } from '../slack/views/ids.js';
import { escapeText, truncate, userText } from '../slack/views/mrkdwn.js';
import { describeSlackError, isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { inviteToChannel } from './invite.js';
import { channelPosts, SlackWait } from '../slack/api/rate-tiers.js';
import { withSlot } from './slack-budget.js';
import { refreshSurfaces } from './surfaces.js';
import { PagerDutyRefused, triggerPage } from './pagerduty-events.js';
import { entryLine } from '../slack/views/timeline-lines.js';

/**
 * Delivering a page from the worker: the channel hears about it, every target (user groups
 * looked up) gets a DM with an Acknowledge button and is invited to the channel. Each step
 * is marked done in Redis, so a retried job (rate limit, Slack 5xx, restart) never repeats a
 * DM. Transient failures throw and BullMQ retries with backoff; permanent ones (unknown
 * user, empty group) are recorded in the timeline and said in the channel, once.
 */

const STEP_TTL_MS = 30 * 24 * 3600_000;

function whyNot(err: unknown): string {
  const code = slackErrorCode(err);
  if (code === 'channel_not_found' || code === 'user_not_found') return `Slack does not know that user (\`${code}\`)`;
  if (code === 'user_disabled' || code === 'account_inactive') return `that account is deactivated (\`${code}\`)`;
  if (code === 'cannot_dm_bot') return `that is a bot (\`${code}\`)`;
  return describeSlackError(err);
}

/** Button value: the incident number and the page's index, so a click acknowledges exactly that page. */
export function ackValue(n: number, page: number): string {
  return `${n}:${page}`;
}

export function parseAckValue(value: string | undefined): { incident: number; page: number } | undefined {
  const m = /^(\d+):(\d+)$/.exec(value ?? '');
  return m ? { incident: Number(m[1]), page: Number(m[2]) } : undefined;
}

function pageSummary(incident: Incident, page: Page): string {
  const lines = [
    `:rotating_light: *You are paged for ${incidentLabel(incident)} (${severityLabel(incident.severity)})*`,
    `*${userText(incident.title)}*`,
    [page.name ? `Level: ${escapeText(page.name)}` : undefined, incident.setup.channelId ? `Channel: <#${incident.setup.channelId}>` : undefined].filter(Boolean).join(' · '),
  ];
  if (page.reason) lines.push(`Reason: ${userText(page.reason)}`);
  if (page.by) lines.push(`Paged by <@${page.by}>`);
  return truncate(lines.filter((l) => l !== '').join('\n'), 3000);
}

export function pageDmText(incident: Incident): string {
  return `Paged for ${incidentLabel(incident)} (${severityLabel(incident.severity)}): ${escapeText(incident.title)}`;
}

export function pageDmBlocks(incident: Incident, page: Page, index: number): KnownBlock[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: pageSummary(incident, page) } },
    {
      type: 'actions',
      elements: [
        { type: 'button', action_id: ActionId.acknowledgePage, style: 'primary', text: { type: 'plain_text', text: 'Acknowledge' }, value: ackValue(incident.number, index) },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Paged at ${formatClock(page.at, incident.timeZone)} · or type \`/incident ack\` in the channel` }] },
  ];
}

/** The DM after someone acknowledged: the button is gone so nobody clicks a stale one. */
export function ackedDmBlocks(incident: Incident, page: Page): KnownBlock[] {
  const who = acker(page);
  const when = page.ackedAt !== undefined ? ` at ${formatClock(page.ackedAt, incident.timeZone)}` : '';
  return [
    { type: 'section', text: { type: 'mrkdwn', text: pageSummary(incident, page) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `:white_check_mark: Acknowledged by ${who}${when}` }] },
  ];
}

async function postInChannel(s: Services, incident: Incident, text: string, step?: string): Promise<void> {
  const channel = incident.setup.channelId;
  if (!channel) return;
  try {
    const metadata = step ? { metadata: stepMetadata(stepId(incident.teamId, incident.number, step)) } : {};
    await s.slack.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false, ...metadata });
  } catch (err) {
    if (isWorthRetrying(err)) throw err;
    // The channel itself is gone or closed to the bot: nothing in this job can be said there.
    throw new UnrecoverableError(`cannot post in the incident channel: ${describeSlackError(err)}`);
  }
}

/** Records a permanent failure once (a deterministic entry id guards retries) and says it in the channel. */
async function recordProblem(s: Services, incident: Incident, id: string, text: string): Promise<void> {
  const now = s.now();
  const entry = makeEntry({ id, kind: 'page', at: now, now, text, source: 'system' });
  const { changed } = await s.incidents.mutate(incident.teamId, incident.number, ({ incident: current }) => ({
    change: { incident: current, add: [entry], guards: [{ absent: { key: keys.timeline(current.teamId, current.number), field: id } }] },
    result: undefined,
  }));
  if (changed) await postInChannel(s, incident, `:warning: ${userText(text)}`);
}

async function resolveTargets(s: Services, incident: Incident, page: Page, steps: StepRecord, prefix: string): Promise<string[]> {
  const users = [...page.users];
  for (const group of page.groups ?? []) {
    let members: string[];
    try {
      members = (await s.slack.usergroups.users.list({ usergroup: group })).users ?? [];
    } catch (err) {
      if (isWorthRetrying(err)) throw err;
      await steps.run(`${prefix}:group-${group}`, async () => {
        await recordProblem(s, incident, `${prefix}-group-${group}`, `Could not page user group ${group}${page.name ? ` (${page.name})` : ''}: ${describeSlackError(err)}`);
        return 'failed';
      });
      continue;
    }
    if (members.length === 0) {
      await steps.run(`${prefix}:group-${group}`, async () => {
        await recordProblem(s, incident, `${prefix}-group-${group}`, `Could not page user group ${group}${page.name ? ` (${page.name})` : ''}: the group has no members`);
        return 'empty';
      });
    }
    users.push(...members);
  }
  return [...new Set(users)];
}

async function dm(s: Services, incident: Incident, page: Page, index: number, user: string, steps: StepRecord, prefix: string): Promise<void> {
  const step = `${prefix}:dm-${user}`;
  const id = stepId(incident.teamId, incident.number, step);
  await postOnce(
    steps,
    step,
    async () => {
      try {
        // A storm pages one on-call person many times: their DMs go at Slack's pace of a post a second, in order.
        const res = await withSlot(
          s,
          incident.teamId,
          channelPosts(user),
          () => s.slack.chat.postMessage({ channel: user, text: pageDmText(incident), blocks: pageDmBlocks(incident, page, index), metadata: stepMetadata(id) }),
          // The step's id: the job that waited for this DM's slot finds it again.
          { slot: id },
        );
        return `${res.channel ?? user} ${res.ts ?? ''}`;
      } catch (err) {
        // Not sent (its slot is later, or Slack kept refusing): the job waits, and its next run need not look for the DM.
        if (err instanceof SlackWait) await steps.release(step);
        if (isWorthRetrying(err)) throw err;
        await recordProblem(s, incident, `${prefix}-dm-${user}`, `Could not page <@${user}>${page.name ? ` (${page.name})` : ''}: ${whyNot(err)}`);
        return 'failed';
      }
    },
    // A killed attempt may have sent the DM already: look for it before sending another.
    () => findStepMessage(s, user, id),
  );
}

async function invite(s: Services, incident: Incident, users: string[], steps: StepRecord, prefix: string): Promise<void> {
  const channel = incident.setup.channelId;
  const reachable = users.filter((u) => steps.get(`${prefix}:dm-${u}`) !== 'failed');
  if (!channel || reachable.length === 0) return;
  await steps.run(`${prefix}:invite`, async () => {
    try {
      const { refused } = await inviteToChannel(s, incident.teamId, channel, reachable, { force: true, slot: stepId(incident.teamId, incident.number, `${prefix}:invite`) });
      for (const r of refused) {
        await recordProblem(s, incident, `${prefix}-invite-${r.user}`, `Could not invite <@${r.user}> to the channel (\`${r.error}\`)`);
      }
    } catch (err) {
      if (isWorthRetrying(err)) throw err;
      await recordProblem(s, incident, `${prefix}-invite`, `Could not invite the paged responders to the channel: ${describeSlackError(err)}`);
    }
    return undefined;
  });
}

function announcement(s: Services, incident: Incident, entry: TimelineEntry, remind: boolean): string {
  const when = makeTimelineFormatter([entry.at, s.now()], incident.timeZone);
  const line = entryLine(entry, when);
  const ic = incident.roles.commander;
  return remind && ic ? `${line}\n<@${ic}>, nobody has acknowledged yet: page someone by name with \`/incident escalate @person\`, or keep waiting.` : line;
}

/** Triggers the page on a PagerDuty service, once; a refused event is said in the channel (without the routing key, a secret). */
async function pagerDuty(s: Services, incident: Incident, page: Page, routingKey: string, steps: StepRecord, step: string): Promise<void> {
  await steps.run(step, async () => {
    try {
      await triggerPage(s, incident, page, routingKey);
      return 'sent';
    } catch (err) {
      if (!(err instanceof PagerDutyRefused)) throw err;
      await recordProblem(s, incident, step.replace(/:/g, '-'), `Could not page PagerDuty${page.name ? ` (${page.name})` : ''}: ${err.message}`);
      return 'failed';
    }
  });
}

/** The delivery job: announce, look up groups, DM, invite, re-draw the card. Safe to run again. */
export async function deliverPage(s: Services, data: PageDeliveryJob): Promise<void> {
  const loaded = await s.incidents.load(data.teamId, data.incident);
  if (!loaded) return;
  const incident = loaded.incident;
  const steps = await loadSteps(s.redis, keys.paging(incident.teamId, incident.number), STEP_TTL_MS);
  // Resolved in the meantime: nobody needs to hear about the page any more.
  if (!isActive(incident.status)) return;
  const entry = await s.incidents.entry(data.teamId, data.incident, data.entry);
  const prefix = data.entry;
  if (entry) {
    const step = `${prefix}:announce`;
    const channel = incident.setup.channelId;
    await postOnce(
      steps,
      step,
      async () => {
        await postInChannel(s, incident, announcement(s, incident, entry, !!data.remind), step);
        return undefined;
      },
      channel ? () => findStepMessage(s, channel, stepId(incident.teamId, incident.number, step)) : undefined,
    );
  }
  const page = data.page !== undefined ? incident.escalation?.pages[data.page] : undefined;
  // Acknowledged before the DMs went out: they would only ask for what is done.
  if (page && data.page !== undefined && !isAcked(page)) {
    const users = await resolveTargets(s, incident, page, steps, prefix);
    for (const user of users) await dm(s, incident, page, data.page, user, steps, prefix);
    await invite(s, incident, users, steps, prefix);
    for (const [i, routingKey] of (page.pagerduty ?? []).entries()) await pagerDuty(s, incident, page, routingKey, steps, `${prefix}:pd-${i}`);
  }
  await refreshSurfaces(s, incident, incident);
}

/** After an acknowledgement: every DM of that page loses its button and says who has it. */
export async function markPageAcknowledged(s: Services, incident: Incident, page: Page, index: number): Promise<void> {
  if (!page.entry) return;
  const prefix = `${page.entry}:dm-`;
  const done = await s.redis.hgetall(keys.paging(incident.teamId, incident.number));
  const dms = Object.entries(done)
    .filter(([k, v]) => k.startsWith(prefix) && v !== 'failed')
    .map(([, v]) => v.split(' '))
    .filter((parts): parts is [string, string] => parts.length === 2 && !!parts[0] && !!parts[1]);
  await Promise.all(
    dms.map(([channel, ts]) =>
      s.slack.chat.update({ channel, ts, text: pageDmText(incident), blocks: ackedDmBlocks(incident, page) }).catch((err: unknown) => {
        s.log.warn('could not mark a page DM acknowledged', { incident: incident.number, page: index, err });
      }),
    ),
  );
}
