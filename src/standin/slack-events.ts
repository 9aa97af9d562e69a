import { randomBytes } from 'node:crypto';
import { messageJson } from './format.js';
import { JSON_TYPE, type SlackSideDeps, knownChannel, knownUser, signedPost } from './slack-side.js';
import type { ChannelRecord, EventResult, MessageRecord } from './types.js';

export interface DeliverOptions {
  eventId?: string;
  retryNum?: number;
  retryReason?: string;
}

const NOT_DELIVERED: EventResult = { delivered: false, status: 0, body: '', ms: 0 };

function channelType(c: ChannelRecord): string {
  if (c.is_im) return 'im';
  if (c.is_mpim) return 'mpim';
  return c.is_private ? 'group' : 'channel';
}

/** Wraps an event in Slack's event_callback envelope and sends it; retries keep their event_id. */
export async function deliverEvent(deps: SlackSideDeps, event: object, opts: DeliverOptions = {}): Promise<EventResult> {
  const { state } = deps;
  const eventId = opts.eventId ?? `Ev${state.newId('0')}${randomBytes(2).toString('hex').toUpperCase()}`;
  const envelope = {
    token: deps.verificationToken,
    team_id: state.identity.teamId,
    context_team_id: state.identity.teamId,
    context_enterprise_id: null,
    api_app_id: state.identity.appId,
    event,
    type: 'event_callback',
    event_id: eventId,
    event_time: state.nowSec(),
    authorizations: [
      { enterprise_id: null, team_id: state.identity.teamId, user_id: state.identity.botUserId, is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ id: eventId })).toString('base64url')}`,
  };
  const headers: Record<string, string> = {};
  if (opts.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(opts.retryNum);
    headers['x-slack-retry-reason'] = opts.retryReason ?? 'http_timeout';
  }
  const res = await signedPost(deps, undefined, JSON.stringify(envelope), JSON_TYPE, { headers });
  return { delivered: true, status: res.status, body: res.body, ms: res.ms, eventId };
}

function existingMessage(deps: SlackSideDeps, channel: string, ts: string): { ch: ChannelRecord; m: MessageRecord } {
  const ch = knownChannel(deps.state, channel);
  const m = deps.state.findMessage(ch.id, ts);
  if (!m) throw new Error(`stand-in: no message ${ts} in ${channel}`);
  return { ch, m };
}

/** Bot events only arrive from conversations the bot is in. */
function deliverIfMember(deps: SlackSideDeps, ch: ChannelRecord, event: object): Promise<EventResult> {
  return deps.state.isBotMember(ch) ? deliverEvent(deps, event) : Promise.resolve({ ...NOT_DELIVERED });
}

export function postMessageAsUser(deps: SlackSideDeps, user: string, channel: string, text: string, opts: { threadTs?: string } = {}): MessageRecord {
  const { state } = deps;
  const u = knownUser(state, user);
  const ch = knownChannel(state, channel);
  if (ch.archived) throw new Error(`stand-in: ${channel} is archived`);
  if (ch.is_private && !state.isMember(ch, u.id)) throw new Error(`stand-in: ${u.id} is not in private channel ${channel}`);
  if (opts.threadTs !== undefined && !state.findMessage(ch.id, opts.threadTs)) {
    throw new Error(`stand-in: no message ${opts.threadTs} in ${channel} to reply to`);
  }
  return state.addMessage({ channel: ch.id, user: u.id, text, ...(opts.threadTs !== undefined ? { thread_ts: opts.threadTs } : {}) });
}

export async function addReaction(deps: SlackSideDeps, user: string, channel: string, ts: string, name: string): Promise<EventResult> {
  const { state } = deps;
  knownUser(state, user);
  const { ch, m } = existingMessage(deps, channel, ts);
  // Slack's client does nothing for a reaction that is already there or one too many.
  if (state.react(m, name, user) !== undefined) return { ...NOT_DELIVERED };
  return deliverIfMember(deps, ch, {
    type: 'reaction_added',
    user,
    reaction: name,
    item_user: m.user,
    item: { type: 'message', channel: ch.id, ts: m.ts },
    event_ts: state.nextTs(),
  });
}

export async function removeReaction(deps: SlackSideDeps, user: string, channel: string, ts: string, name: string): Promise<EventResult> {
  const { state } = deps;
  knownUser(state, user);
  const { ch, m } = existingMessage(deps, channel, ts);
  if (state.unreact(m, name, user) !== undefined) return { ...NOT_DELIVERED };
  return deliverIfMember(deps, ch, {
    type: 'reaction_removed',
    user,
    reaction: name,
    item_user: m.user,
    item: { type: 'message', channel: ch.id, ts: m.ts },
    event_ts: state.nextTs(),
  });
}

export async function editMessage(deps: SlackSideDeps, channel: string, ts: string, newText: string): Promise<EventResult> {
  const { state } = deps;
  const { ch, m } = existingMessage(deps, channel, ts);
  const previous = messageJson(state, m);
  const eventTs = state.nextTs();
  m.text = newText;
  m.edited = { user: m.user, ts: eventTs };
  return deliverIfMember(deps, ch, {
    type: 'message',
    subtype: 'message_changed',
    hidden: true,
    message: messageJson(state, m),
    channel: ch.id,
    previous_message: previous,
    event_ts: eventTs,
    ts: eventTs,
    channel_type: channelType(ch),
  });
}

export async function deleteMessage(deps: SlackSideDeps, channel: string, ts: string): Promise<EventResult> {
  const { state } = deps;
  const { ch, m } = existingMessage(deps, channel, ts);
  const previous = messageJson(state, m);
  state.removeMessage(ch.id, m.ts);
  const eventTs = state.nextTs();
  return deliverIfMember(deps, ch, {
    type: 'message',
    subtype: 'message_deleted',
    hidden: true,
    deleted_ts: m.ts,
    channel: ch.id,
    previous_message: previous,
    event_ts: eventTs,
    ts: eventTs,
    channel_type: channelType(ch),
  });
}

/** A person joins a channel (on their own, or added by `inviter`): Slack tells the apps in it with `member_joined_channel`. */
export async function joinChannel(deps: SlackSideDeps, user: string, channel: string, opts: { inviter?: string } = {}): Promise<EventResult> {
  const { state } = deps;
  const u = knownUser(state, user);
  const ch = knownChannel(state, channel);
  if (ch.archived) throw new Error(`stand-in: ${channel} is archived`);
  if (state.isMember(ch, u.id)) return { ...NOT_DELIVERED };
  ch.members.push(u.id);
  return deliverIfMember(deps, ch, {
    type: 'member_joined_channel',
    user: u.id,
    channel: ch.id,
    channel_type: ch.is_private ? 'G' : 'C',
    team: state.identity.teamId,
    ...(opts.inviter ? { inviter: opts.inviter } : {}),
    event_ts: state.nextTs(),
  });
}
