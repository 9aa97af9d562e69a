import { channelJson } from '../format.js';
import { LIMITS } from '../limits.js';
import type { ChannelRecord } from '../types.js';
import {
  type Args,
  type MethodContext,
  type MethodHandler,
  bool,
  fail,
  requireBotMember,
  requireNotArchived,
  str,
  visibleChannel,
} from './context.js';

/** Slack's channel-name rules, checked in the order Slack reports them. */
export function channelNameError(name: string): string | undefined {
  if (name === '') return 'invalid_name_required';
  if (name.length > LIMITS.channelName) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (/^[-_]+$/.test(name)) return 'invalid_name_punctuation';
  return undefined;
}

function csv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function notForDms(ch: ChannelRecord): void {
  if (ch.is_im) fail('method_not_supported_for_channel_type');
}

function manageableChannel(ctx: MethodContext, args: Args): ChannelRecord {
  const ch = visibleChannel(ctx, str(args, 'channel'));
  notForDms(ch);
  requireNotArchived(ch);
  requireBotMember(ctx, ch);
  return ch;
}

function setText(field: 'topic' | 'purpose'): MethodHandler {
  return (ctx, args) => {
    const ch = manageableChannel(ctx, args);
    const value = str(args, field) ?? '';
    if (value.length > LIMITS.topic) fail('too_long');
    ch[field] = value;
    return { channel: channelJson(ctx.state, ch) };
  };
}

type InviteOutcome = { user: string; ok: true } | { user: string; ok: false; error: string };

function inviteOutcome(ctx: MethodContext, ch: ChannelRecord, user: string): InviteOutcome {
  if (user === ctx.state.identity.botUserId) return { user, ok: false, error: 'cant_invite_self' };
  if (!ctx.state.users.has(user)) return { user, ok: false, error: 'user_not_found' };
  if (ctx.state.isMember(ch, user)) return { user, ok: false, error: 'already_in_channel' };
  return { user, ok: true };
}

export const conversationsManageMethods: Record<string, MethodHandler> = {
  'conversations.create': (ctx, args) => {
    const name = str(args, 'name') ?? '';
    const nameError = channelNameError(name);
    if (nameError !== undefined) fail(nameError);
    // Archived channels keep their names, so they still collide.
    if (ctx.state.channelByName(name)) fail('name_taken');
    const isPrivate = bool(args, 'is_private');
    const bot = ctx.state.identity.botUserId;
    const ch: ChannelRecord = {
      id: ctx.state.newId(isPrivate ? 'G0' : 'C0'),
      name,
      is_private: isPrivate,
      is_im: false,
      is_mpim: false,
      members: [bot],
      topic: '',
      purpose: '',
      archived: false,
      creator: bot,
      created: ctx.state.nowSec(),
    };
    ctx.state.channels.set(ch.id, ch);
    return { channel: channelJson(ctx.state, ch) };
  },

  'conversations.invite': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel'));
    notForDms(ch);
    requireNotArchived(ch);
    requireBotMember(ctx, ch);
    const users = [...new Set(csv(str(args, 'users')))];
    if (users.length === 0) fail('no_user');
    if (users.length > LIMITS.inviteUsers) fail('too_many_users');
    const outcomes = users.map((u) => inviteOutcome(ctx, ch, u));
    const errors = outcomes.filter((o) => !o.ok);
    const good = outcomes.filter((o) => o.ok);
    const firstError = errors[0];
    // Without force one bad id sinks the whole call; with force the good ones still get in.
    if (firstError && !firstError.ok && (!bool(args, 'force') || good.length === 0)) {
      fail(firstError.error, { errors });
    }
    for (const o of good) ch.members.push(o.user);
    const result: Record<string, unknown> = { channel: channelJson(ctx.state, ch) };
    if (errors.length > 0) result.errors = errors;
    return result;
  },

  'conversations.setTopic': setText('topic'),
  'conversations.setPurpose': setText('purpose'),

  'conversations.archive': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel'));
    notForDms(ch);
    if (ch.archived) fail('already_archived');
    requireBotMember(ctx, ch);
    ch.archived = true;
    return {};
  },

  'conversations.open': (ctx, args) => {
    const channelId = str(args, 'channel');
    if (channelId !== undefined && channelId !== '') {
      const ch = ctx.state.channels.get(channelId);
      if (!ch || !(ch.is_im || ch.is_mpim) || !ctx.state.isBotMember(ch)) fail('channel_not_found');
      return { no_op: true, already_open: true, channel: { id: ch.id } };
    }
    const users = csv(str(args, 'users')).filter((u) => u !== ctx.state.identity.botUserId);
    if (str(args, 'users') === undefined) fail('users_list_not_supplied');
    if (users.length === 0) fail('not_enough_users');
    if (users.length > 8) fail('too_many_users');
    for (const u of users) if (!ctx.state.users.has(u)) fail('user_not_found');
    const first = users[0];
    const existed = users.length === 1 && first !== undefined && ctx.state.dms.has(first);
    const ch = users.length === 1 && first !== undefined ? ctx.state.openDm(first) : ctx.state.openMpim(users);
    const channel = bool(args, 'return_im') ? channelJson(ctx.state, ch) : { id: ch.id };
    return { no_op: existed, already_open: existed, channel };
  },
};
