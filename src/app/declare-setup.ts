import { channelName } from '../domain/channel-name.js';
import { incidentLabel, type Incident, type SetupProgress } from '../domain/incident.js';
import { severityLabel } from '../domain/severity.js';
import { keys } from '../store/keys.js';
import type { Services } from './context.js';
import { cardBlocks, cardFallbackText } from '../slack/views/card.js';
import { escapeText } from '../slack/views/mrkdwn.js';
import { describeSlackError, slackErrorCode } from '../slack/api/errors.js';
import { cardExtrasFor } from './hooks.js';
import { renderTopic } from './surfaces.js';
import { inviteToChannel } from './invite.js';

const MAX_NAME_ATTEMPTS = 20;

export type SetupResult = { ok: true; incident: Incident } | { ok: false; incident: Incident; failedStep: string; reason: string };

type Step = { name: string; done: (p: SetupProgress) => boolean; run: (s: Services, i: Incident) => Promise<Partial<SetupProgress>> };

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

async function createChannel(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
    const name = channelName(incident.number, incident.title, attempt);
    try {
      const res = await s.slack.conversations.create({ name, is_private: incident.private });
      const id = res.channel?.id;
      if (!id) throw new Error('conversations.create returned no channel');
      return { channelId: id, channelName: res.channel?.name ?? name };
    } catch (err) {
      // Archived channels keep their names, so an old inc-4 from a previous install is common.
      if (slackErrorCode(err) !== 'name_taken') throw err;
    }
  }
  throw new Error(`every channel name from ${channelName(incident.number, incident.title)} to -${MAX_NAME_ATTEMPTS} is taken`);
}

async function invite(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  const channel = incident.setup.channelId as string;
  const wanted = [...new Set([incident.declaredBy, incident.roles.commander, ...incident.participants].filter((u): u is string => !!u))];
  const todo = wanted.filter((u) => !incident.setup.invited.includes(u));
  await inviteToChannel(s, channel, todo);
  return { invited: [...incident.setup.invited, ...todo] };
}

async function setTopic(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  await s.slack.conversations.setTopic({ channel: incident.setup.channelId as string, topic: await renderTopic(s, incident) });
  return { topicSet: true };
}

async function postCard(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  const res = await s.slack.chat.postMessage({
    channel: incident.setup.channelId as string,
    text: cardFallbackText(incident),
    blocks: cardBlocks(incident, await cardExtrasFor(s, incident)),
  });
  if (!res.ts) throw new Error('chat.postMessage returned no ts');
  return { cardTs: res.ts };
}

async function pinCard(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  try {
    await s.slack.pins.add({ channel: incident.setup.channelId as string, timestamp: incident.setup.cardTs as string });
  } catch (err) {
    if (slackErrorCode(err) !== 'already_pinned') throw err;
  }
  return { cardPinned: true };
}

async function announce(s: Services, incident: Incident): Promise<Partial<SetupProgress>> {
  const channel = s.config.BROADCAST_CHANNEL as string;
  const text = `:rotating_light: ${incidentLabel(incident)} declared: *${escapeText(incident.title)}* (${severityLabel(incident.severity)}) by <@${incident.declaredBy}>. Join <#${incident.setup.channelId}>.`;
  const res = await s.slack.chat.postMessage({ channel, text, unfurl_links: false });
  return { announcedTs: res.ts ?? 'posted' };
}

function steps(s: Services): Step[] {
  const list: Step[] = [
    { name: 'create the channel', done: (p) => !!p.channelId, run: createChannel },
    { name: 'invite the responders', done: () => false, run: invite },
    { name: 'set the channel topic', done: (p) => p.topicSet, run: setTopic },
    { name: 'post the summary card', done: (p) => !!p.cardTs, run: postCard },
    { name: 'pin the summary card', done: (p) => p.cardPinned, run: pinCard },
  ];
  if (s.config.BROADCAST_CHANNEL) list.push({ name: `announce it in <#${s.config.BROADCAST_CHANNEL}>`, done: (p) => !!p.announcedTs, run: announce });
  return list;
}

/**
 * Runs whatever is left of an incident's Slack setup, saving after each step, so a failure
 * half-way loses nothing and a second run does only the rest. A lock keeps two runs
 * (a double-typed command) from creating two channels.
 */
export async function runSetup(s: Services, start: Incident): Promise<SetupResult> {
  const lockKey = keys.lock(start.teamId, `setup-${start.number}`);
  const got = await s.redis.set(lockKey, '1', 'PX', 60_000, 'NX');
  if (got !== 'OK') return { ok: false, incident: start, failedStep: 'finish the setup', reason: 'another setup of this incident is running right now' };
  let incident = start;
  try {
    for (const step of steps(s)) {
      if (step.done(incident.setup)) continue;
      try {
        const patch = await step.run(s, incident);
        incident = await saveProgress(s, incident, { ...patch, lastError: undefined });
      } catch (err) {
        const reason = err instanceof Error && !slackErrorCode(err) && !('code' in err) ? err.message : describeSlackError(err);
        s.log.warn('incident setup step failed', { incident: incident.number, step: step.name, err });
        incident = await saveProgress(s, incident, { lastError: `${step.name}: ${reason}` });
        return { ok: false, incident, failedStep: step.name, reason };
      }
    }
    incident = await saveProgress(s, incident, { complete: true });
    return { ok: true, incident };
  } finally {
    await s.redis.del(lockKey);
  }
}
