import type { KnownBlock } from '@slack/types';
import { channelName } from '../domain/channel-name.js';
import { incidentLabel, type Incident, type SetupProgress, type SetupWaiting } from '../domain/incident.js';
import { severityLabel } from '../domain/severity.js';
import { keys } from '../store/keys.js';
import type { Services } from './context.js';
import { cardBlocks, cardFallbackText } from '../slack/views/card.js';
import { escapeText } from '../slack/views/mrkdwn.js';
import { describeSlackError, isRateLimited, isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { channelPosts, SlackWait } from '../slack/api/rate-tiers.js';
import { retrySlack } from '../slack/api/retry.js';
import { findStepMessage, postOnce, stepId, stepMetadata } from './slack-steps.js';
import { withSlot } from './slack-budget.js';
import { loadSteps } from '../store/steps.js';
import { cardExtrasFor } from './hooks.js';
import { renderTopic } from './surfaces.js';
import { inviteToChannel } from './invite.js';

/**
 * The Slack steps of a declare's setup, in order, each saving what it made on the incident
 * (declare-setup.ts runs them). The tier-limited calls take a slot of the workspace's shared
 * budget (slack-budget.ts); a paused setup resumes in the place it held.
 */

const MAX_NAME_ATTEMPTS = 20;

/**
 * The place in the shared budget's line a paused setup holds: its first call of that kind uses
 * it, so resuming never queues the incident a second time. Any further call takes a new slot.
 */
export interface HeldSlot {
  take(kind: string): string | undefined;
}

export function heldSlot(waiting: SetupWaiting | undefined): HeldSlot {
  let slot = waiting?.slot;
  return {
    take(kind) {
      if (!slot || waiting?.kind !== kind) return undefined;
      const held = slot;
      slot = undefined;
      return held;
    },
  };
}

export type Step = {
  name: string;
  /** The Slack method the step waits on when rate-limited (or `chat.postMessage:<channel>`). */
  kind: string;
  done: (p: SetupProgress) => boolean;
  run: (s: Services, i: Incident, held: HeldSlot) => Promise<Partial<SetupProgress>>;
  retriesItself?: true;
};

/** Rate limits (after Slack's Retry-After), 5xx and timeouts are tried again a few times, logged. */
export function retryFor(s: Services, what: string): Parameters<typeof retrySlack>[1] {
  return { onRetry: (waitMs, err, attempt) => s.log.warn('slack call will be retried', { step: what, attempt, waitMs, err: describeSlackError(err) }) };
}

/**
 * The channel Slack may have created for a call whose answer was lost: same name, not archived,
 * the bot in it, and no incident's channel yet. Adopting it is what keeps a retry from making
 * a second channel.
 */
async function createdMeanwhile(s: Services, incident: Incident, name: string): Promise<{ channelId: string; channelName: string } | undefined> {
  const types = incident.private ? 'private_channel' : 'public_channel';
  let cursor: string | undefined;
  do {
    const from = cursor;
    const page = await withSlot(s, incident.teamId, 'conversations.list', () =>
      s.slack.conversations.list({ types, exclude_archived: true, limit: 1000, ...(from ? { cursor: from } : {}) }),
    );
    const found = page.channels?.find((c) => c.name === name && c.is_member);
    if (found?.id) {
      const owner = await s.redis.hget(keys.channels(incident.teamId), found.id);
      return owner === null || owner === String(incident.number) ? { channelId: found.id, channelName: name } : undefined;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

async function createChannel(s: Services, incident: Incident, held: HeldSlot): Promise<Partial<SetupProgress>> {
  for (let n = 1; n <= MAX_NAME_ATTEMPTS; n++) {
    const name = channelName(incident.number, incident.title, n);
    let unknownOutcome = false;
    const created = await retrySlack(async () => {
      try {
        // Tier 2: every process's creates share one budget of the workspace (app/slack-budget.ts).
        const res = await withSlot(s, incident.teamId, 'conversations.create', () => s.slack.conversations.create({ name, is_private: incident.private }), {
          slot: held.take('conversations.create'),
        });
        const id = res.channel?.id;
        if (!id) throw new Error('conversations.create returned no channel');
        return { channelId: id, channelName: res.channel?.name ?? name };
      } catch (err) {
        // Archived channels keep their names, so an old inc-4 from a previous install is common;
        // but after an attempt whose answer was lost, the name may be taken by our own channel.
        if (slackErrorCode(err) === 'name_taken') return unknownOutcome ? createdMeanwhile(s, incident, name) : undefined;
        // Waiting for a slot, or refused with Retry-After: no channel was made.
        if (err instanceof SlackWait || isRateLimited(err)) throw err;
        if (isWorthRetrying(err)) unknownOutcome = true;
        throw err;
      }
    }, retryFor(s, 'create the channel'));
    if (created) return created;
  }
  throw new Error(`every channel name from ${channelName(incident.number, incident.title)} to -${MAX_NAME_ATTEMPTS} is taken`);
}

async function invite(s: Services, incident: Incident, held: HeldSlot): Promise<Partial<SetupProgress>> {
  const channel = incident.setup.channelId as string;
  const wanted = [...new Set([incident.declaredBy, incident.roles.commander, ...incident.participants].filter((u): u is string => !!u))];
  const todo = wanted.filter((u) => !incident.setup.invited.includes(u));
  await inviteToChannel(s, incident.teamId, channel, todo, { slot: held.take('conversations.invite') });
  return { invited: [...incident.setup.invited, ...todo] };
}

async function setTopic(s: Services, incident: Incident, held: HeldSlot): Promise<Partial<SetupProgress>> {
  const topic = await renderTopic(s, incident);
  await withSlot(s, incident.teamId, 'conversations.setTopic', () => s.slack.conversations.setTopic({ channel: incident.setup.channelId as string, topic }), {
    slot: held.take('conversations.setTopic'),
  });
  return { topicSet: true };
}

/** The setup's step record lives as long as a page's. */
const SETUP_STEP_TTL_MS = 30 * 24 * 3600_000;

/**
 * A message of the setup posted once: the step is claimed before the call and the message
 * carries the step's id in its metadata, so any later attempt (a retry after a lost answer, a
 * crash, the user running declare again) looks for it first instead of posting a second one.
 */
async function postSetupMessage(
  s: Services,
  incident: Incident,
  channel: string,
  step: string,
  message: { text: string; blocks?: KnownBlock[] },
  /** Posts in a busy channel (the broadcast) take a slot of its pace; `slot` is the one a paused setup holds. */
  budget?: { held: HeldSlot },
): Promise<string> {
  const id = stepId(incident.teamId, incident.number, step);
  const steps = await loadSteps(s.redis, keys.paging(incident.teamId, incident.number), SETUP_STEP_TTL_MS);
  const send = async (): Promise<string> => {
    const res = await s.slack.chat.postMessage({ channel, ...message, unfurl_links: false, metadata: stepMetadata(id) });
    if (!res.ts) throw new Error('chat.postMessage returned no ts');
    return `${channel} ${res.ts}`;
  };
  const kind = channelPosts(channel);
  await retrySlack(
    () =>
      postOnce(
        steps,
        step,
        async () => {
          if (!budget) return send();
          try {
            return await withSlot(s, incident.teamId, kind, send, { slot: budget.held.take(kind) });
          } catch (err) {
            // Nothing was posted (no slot yet, or Slack refused it): the step is free for the resumed setup.
            if (err instanceof SlackWait) await steps.release(step);
            throw err;
          }
        },
        () => findStepMessage(s, channel, id),
      ),
    retryFor(s, step),
  );
  return steps.get(step)?.split(' ')[1] ?? '';
}

async function postCard(s: Services, incident: Incident, _held: HeldSlot): Promise<Partial<SetupProgress>> {
  const channel = incident.setup.channelId as string;
  const blocks = cardBlocks(incident, await cardExtrasFor(s, incident));
  return { cardTs: await postSetupMessage(s, incident, channel, 'setup-card', { text: cardFallbackText(incident), blocks }) };
}

async function pinCard(s: Services, incident: Incident, held: HeldSlot): Promise<Partial<SetupProgress>> {
  try {
    const pin = { channel: incident.setup.channelId as string, timestamp: incident.setup.cardTs as string };
    await withSlot(s, incident.teamId, 'pins.add', () => s.slack.pins.add(pin), { slot: held.take('pins.add') });
  } catch (err) {
    if (slackErrorCode(err) !== 'already_pinned') throw err;
  }
  return { cardPinned: true };
}

async function announce(s: Services, incident: Incident, held: HeldSlot): Promise<Partial<SetupProgress>> {
  const channel = s.config.BROADCAST_CHANNEL as string;
  const text = `:rotating_light: ${incidentLabel(incident)} declared: *${escapeText(incident.title)}* (${severityLabel(incident.severity)}) by <@${incident.declaredBy}>. Join <#${incident.setup.channelId}>.`;
  // A storm announces many incidents in one channel, where Slack allows about a post a second.
  return { announcedTs: (await postSetupMessage(s, incident, channel, 'setup-announce', { text }, { held })) || 'posted' };
}

export function setupSteps(s: Services): Step[] {
  const list: Step[] = [
    { name: 'create the channel', kind: 'conversations.create', done: (p) => !!p.channelId, run: createChannel, retriesItself: true },
    { name: 'invite the responders', kind: 'conversations.invite', done: () => false, run: invite },
    { name: 'set the channel topic', kind: 'conversations.setTopic', done: (p) => p.topicSet, run: setTopic },
    { name: 'post the summary card', kind: 'chat.postMessage', done: (p) => !!p.cardTs, run: postCard, retriesItself: true },
    { name: 'pin the summary card', kind: 'pins.add', done: (p) => p.cardPinned, run: pinCard },
  ];
  const broadcast = s.config.BROADCAST_CHANNEL;
  if (broadcast) list.push({ name: `announce it in <#${broadcast}>`, kind: channelPosts(broadcast), done: (p) => !!p.announcedTs, run: announce, retriesItself: true });
  return list;
}
