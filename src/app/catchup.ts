import type { Incident } from '../domain/incident.js';
import { buildCatchup } from '../postmortem/catchup.js';
import { catchupReply, type CatchupReply } from '../slack/views/catchup.js';
import { createActionItemStore } from '../store/action-items.js';
import type { Services } from './context.js';

/** The catch-up for one incident, read from Redis: its timeline and its action items. */
export async function catchupFor(s: Services, incident: Incident, opts: { joined?: boolean } = {}): Promise<CatchupReply> {
  const team = incident.teamId;
  const [entries, actions] = await Promise.all([s.incidents.timelineAll(team, incident.number), createActionItemStore(s.redis).listForIncident(team, incident.number)]);
  return catchupReply(buildCatchup({ incident, entries, actions, now: s.now() }), opts);
}

/**
 * In the first minute the declare invites are still landing (their events can arrive before the
 * invite is saved), and there is nothing to catch up on yet.
 */
export const JOINED_AT_START_MS = 60_000;

/**
 * Someone joined an incident's channel: if they come late (not the declarer, not someone the
 * bot invited at declare, not the bot), tell them, and only them, what happened so far.
 * Closed incidents are left alone: their postmortem says it better.
 */
export async function catchupOnJoin(s: Services, team: string, channel: string, user: string, botUserId: string | undefined): Promise<'sent' | 'skipped'> {
  if (user === botUserId) return 'skipped';
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return 'skipped';
  const loaded = await s.incidents.load(team, number);
  if (!loaded) return 'skipped';
  const { incident } = loaded;
  if (incident.status === 'closed' || incident.declaredBy === user || incident.setup.invited.includes(user)) return 'skipped';
  if (s.now() - (incident.keyTimes.declared ?? incident.createdAt) < JOINED_AT_START_MS) return 'skipped';
  const reply = await catchupFor(s, incident, { joined: true });
  await s.slack.chat.postEphemeral({ channel, user, text: reply.text, blocks: reply.blocks });
  return 'sent';
}
