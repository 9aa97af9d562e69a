import { channelJson, messageJson } from '../format.js';
import { tsToMicros } from '../state.js';
import type { ChannelRecord, MessageRecord } from '../types.js';
import { type Args, type MethodContext, type MethodHandler, bool, fail, paginate, str, visibleChannel } from './context.js';

/** History needs membership, even for public channels, when the token is a bot's. */
function readableChannel(ctx: MethodContext, args: Args): ChannelRecord {
  const ch = ctx.state.channels.get(str(args, 'channel') ?? '');
  if (!ch) fail('channel_not_found');
  if (!ctx.state.isBotMember(ch)) fail('not_in_channel');
  return ch;
}

function bound(args: Args, key: 'latest' | 'oldest', error: string): number | undefined {
  const v = str(args, key);
  if (v === undefined || v === '') return undefined;
  const micros = tsToMicros(v);
  if (micros === undefined) fail(error);
  return micros;
}

function inRange(args: Args): (m: MessageRecord) => boolean {
  const latest = bound(args, 'latest', 'invalid_ts_latest');
  const oldest = bound(args, 'oldest', 'invalid_ts_oldest');
  const inclusive = bool(args, 'inclusive');
  return (m) => {
    const t = tsToMicros(m.ts) ?? 0;
    if (latest !== undefined && (inclusive ? t > latest : t >= latest)) return false;
    if (oldest !== undefined && (inclusive ? t < oldest : t <= oldest)) return false;
    return true;
  };
}

function isTopLevel(m: MessageRecord): boolean {
  return m.thread_ts === undefined || m.thread_ts === m.ts || m.subtype === 'thread_broadcast';
}

export const conversationsReadMethods: Record<string, MethodHandler> = {
  'conversations.info': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel'));
    return { channel: channelJson(ctx.state, ch) };
  },

  /** Public channels, and private ones the bot is in; `types` and `exclude_archived` as Slack reads them. */
  'conversations.list': (ctx, args) => {
    const types = (str(args, 'types') ?? 'public_channel').split(',').map((t) => t.trim());
    if (types.some((t) => !['public_channel', 'private_channel', 'im', 'mpim'].includes(t))) fail('invalid_types');
    const wanted = (c: ChannelRecord): boolean =>
      (c.is_im ? types.includes('im') : c.is_mpim ? types.includes('mpim') : c.is_private ? types.includes('private_channel') && ctx.state.isBotMember(c) : types.includes('public_channel')) &&
      !(bool(args, 'exclude_archived') && c.archived);
    const { page, nextCursor } = paginate([...ctx.state.channels.values()].filter(wanted), args, 100);
    return { channels: page.map((c) => channelJson(ctx.state, c)), response_metadata: { next_cursor: nextCursor } };
  },

  'conversations.members': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel'));
    const { page, nextCursor } = paginate(ch.members, args, 100);
    return { members: page, response_metadata: { next_cursor: nextCursor } };
  },

  'conversations.history': (ctx, args) => {
    const ch = readableChannel(ctx, args);
    const keep = inRange(args);
    const newestFirst = ctx.state
      .messagesIn(ch.id)
      .filter((m) => isTopLevel(m) && keep(m))
      .reverse();
    const { page, nextCursor } = paginate(newestFirst, args, 100);
    return {
      messages: page.map((m) => messageJson(ctx.state, m)),
      has_more: nextCursor !== '',
      pin_count: ctx.state.pinsIn(ch.id).length,
      response_metadata: { next_cursor: nextCursor },
    };
  },

  'conversations.replies': (ctx, args) => {
    const ch = readableChannel(ctx, args);
    const ts = str(args, 'ts') ?? '';
    const parent = ctx.state.findMessage(ch.id, ts);
    if (!parent) fail('thread_not_found');
    // A reply's ts also finds its thread, as on Slack.
    const root = parent.thread_ts ?? parent.ts;
    const keep = inRange(args);
    const thread = ctx.state.messagesIn(ch.id).filter((m) => m.ts === root || (m.thread_ts === root && keep(m)));
    const { page, nextCursor } = paginate(thread, args, 1000);
    return {
      messages: page.map((m) => messageJson(ctx.state, m)),
      has_more: nextCursor !== '',
      response_metadata: { next_cursor: nextCursor },
    };
  },
};
