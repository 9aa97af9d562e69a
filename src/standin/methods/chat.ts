import { validateMessageBlocks } from '../blocks.js';
import { messageJson } from '../format.js';
import { LIMITS } from '../limits.js';
import { brokenMarkupIn } from '../markup.js';
import type { ChannelRecord, Json } from '../types.js';
import {
  type Args,
  type MethodContext,
  type MethodHandler,
  bool,
  fail,
  isJsonObject,
  postableChannel,
  str,
  visibleChannel,
} from './context.js';

interface Content {
  text: string;
  blocks?: Json[];
  attachments?: Json[];
}

/** Same `errors` + `[ERROR]` messages that Slack sends with invalid_blocks, so the failing field is named. */
export function blockFailure(error: string, messages: string[]): never {
  fail(error, { errors: messages, response_metadata: { messages: messages.map((m) => `[ERROR] ${m}`) } });
}

/** Text / blocks / attachments of a message, validated; `no_text` when there is nothing to show. */
export function messageContent(args: Args): Content {
  const content: Content = { text: str(args, 'text') ?? '' };
  if (args.blocks !== undefined && args.blocks !== '') {
    const verdict = validateMessageBlocks(args.blocks);
    if (verdict) blockFailure(verdict.error, verdict.messages);
    const blocks = args.blocks as Json[];
    if (blocks.length > 0) content.blocks = blocks;
  }
  if (args.attachments !== undefined && args.attachments !== '') {
    if (!Array.isArray(args.attachments) || !args.attachments.every(isJsonObject)) fail('invalid_attachments');
    if (args.attachments.length > 100) fail('too_many_attachments');
    if (args.attachments.length > 0) content.attachments = args.attachments;
  }
  if (content.text === '' && !content.blocks && !content.attachments) fail('no_text');
  return content;
}

/**
 * Slack shows a `<…>` it cannot read as a broken link; the stand-in refuses the message
 * instead (`broken_markup`, not a Slack code) and records it, so a test sees the mistake.
 */
function refuseBrokenMarkup(ctx: MethodContext, where: string, content: Content): void {
  const broken = brokenMarkupIn(content);
  if (broken.length === 0) return;
  ctx.state.markupProblems.push({ where, broken, text: content.text });
  fail('broken_markup', { errors: broken.map((b) => `Slack would render ${b} broken`) });
}

/** chat.postMessage takes a channel id, a channel name, or a user id (which means the DM with that user). */
function postTarget(ctx: MethodContext, target: string | undefined): ChannelRecord {
  if (target !== undefined && /^[UW]/.test(target) && ctx.state.users.has(target)) return ctx.state.openDm(target);
  const byName = target === undefined ? undefined : ctx.state.channelByName(target.replace(/^#/, ''));
  return postableChannel(ctx, byName?.id ?? target);
}

function ownMessage(ctx: MethodContext, args: Args, tsKey: string, notMine: string): { ch: ChannelRecord; ts: string } {
  const ch = visibleChannel(ctx, str(args, 'channel'));
  const ts = str(args, tsKey) ?? '';
  const m = ctx.state.findMessage(ch.id, ts);
  if (!m) fail('message_not_found');
  if (m.user !== ctx.state.identity.botUserId) fail(notMine);
  return { ch, ts };
}

export const chatMethods: Record<string, MethodHandler> = {
  'chat.postMessage': (ctx, args) => {
    const ch = postTarget(ctx, str(args, 'channel'));
    const content = messageContent(args);
    refuseBrokenMarkup(ctx, 'chat.postMessage', content);
    const result: Record<string, unknown> = {};
    if (content.text.length > LIMITS.messageText) {
      content.text = content.text.slice(0, LIMITS.messageText);
      result.warning = 'message_truncated';
      result.response_metadata = { warnings: ['message_truncated'] };
    }
    const threadTs = str(args, 'thread_ts');
    const { state } = ctx;
    const m = state.addMessage({ channel: ch.id, user: state.identity.botUserId, bot_id: state.identity.botId, ...content });
    if (threadTs !== undefined && threadTs !== '') {
      m.thread_ts = threadTs;
      if (bool(args, 'reply_broadcast')) m.subtype = 'thread_broadcast';
    }
    if (isJsonObject(args.metadata)) m.metadata = args.metadata;
    return { ...result, channel: ch.id, ts: m.ts, message: messageJson(state, m) };
  },

  'chat.update': (ctx, args) => {
    const { ch, ts } = ownMessage(ctx, args, 'ts', 'cant_update_message');
    const text = str(args, 'text') ?? '';
    if (text.length > LIMITS.updateText) fail('msg_too_long');
    const content = messageContent(args);
    refuseBrokenMarkup(ctx, 'chat.update', content);
    const m = ctx.state.findMessage(ch.id, ts);
    if (!m) fail('message_not_found');
    // Slack replaces the content wholesale: fields left out of the update are gone.
    m.text = content.text;
    if (content.blocks) m.blocks = content.blocks;
    else delete m.blocks;
    if (content.attachments) m.attachments = content.attachments;
    else delete m.attachments;
    m.edited = { user: ctx.state.identity.botUserId, ts: ctx.state.nextTs() };
    return { channel: ch.id, ts, text: m.text, message: messageJson(ctx.state, m) };
  },

  'chat.postEphemeral': (ctx, args) => {
    const ch = postableChannel(ctx, str(args, 'channel'));
    const user = str(args, 'user') ?? '';
    if (!ctx.state.isMember(ch, user)) fail('user_not_in_channel');
    const content = messageContent(args);
    refuseBrokenMarkup(ctx, 'chat.postEphemeral', content);
    const ts = ctx.state.nextTs();
    const threadTs = str(args, 'thread_ts');
    ctx.state.ephemerals.push({
      channel: ch.id,
      user,
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    return { message_ts: ts };
  },

  'chat.delete': (ctx, args) => {
    const { ch, ts } = ownMessage(ctx, args, 'ts', 'cant_delete_message');
    ctx.state.removeMessage(ch.id, ts);
    return { channel: ch.id, ts };
  },

  'chat.getPermalink': (ctx, args) => {
    const ch = visibleChannel(ctx, str(args, 'channel'));
    const ts = str(args, 'message_ts') ?? '';
    const m = ctx.state.findMessage(ch.id, ts);
    if (!m) fail('message_not_found');
    const base = `https://${ctx.state.identity.teamDomain}.slack.com/archives/${ch.id}/p${ts.replace('.', '')}`;
    const inThread = m.thread_ts !== undefined && m.thread_ts !== m.ts;
    return { channel: ch.id, permalink: inThread ? `${base}?thread_ts=${m.thread_ts}&cid=${ch.id}` : base };
  },
};
