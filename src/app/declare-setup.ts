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
import { retryAfterMs, retrySlack } from '../slack/api/retry.js';
import { findStepMessage, postOnce, stepId, stepMetadata } from './slack-steps.js';
import { withSlot } from './slack-budget.js';
import { loadSteps } from '../store/steps.js';
import { cardExtrasFor, runDeclareHooks } from './hooks.js';
import { renderTopic } from './surfaces.js';
import { inviteToChannel } from './invite.js';

const MAX_NAME_ATTEMPTS = 20;

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

/**
 * The place in the shared budget's line a paused setup holds: its first call of that kind uses
 * it, so resuming never queues the incident a second time. Any further call takes a new slot.
 */
interface HeldSlot {
  take(kind: string): string | undefined;
}

function heldSlot(waiting: SetupWaiting | undefined): HeldSlot {
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

type Step = {
  name: string;
  /** The Slack method the step waits on when rate-limited (or `chat.postMessage:<channel>`). */
  kind: string;
  done: (p: SetupProgress) => boolean;
  run: (s: Services, i: Incident, held: HeldSlot) => Promise<Partial<SetupProgress>>;
  retriesItself?: true;
};

/** Rate limits (after Slack's Retry-After), 5xx and timeouts are tried again a few times, logged. */
function retryFor(s: Services, what: string): Parameters<typeof retrySlack>[1] {
  return { onRetry: (waitMs, err, attempt) => s.log.warn('slack call will be retried', { step: what, attempt, waitMs, err: describeSlackError(err) }) };
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

function steps(s: Services): Step[] {
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
    for (const step of steps(s)) {
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
