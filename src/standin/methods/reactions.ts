import { messageJson } from '../format.js';
import type { ChannelRecord, MessageRecord } from '../types.js';
import { type Args, type MethodContext, type MethodHandler, fail, requireNotArchived, str, visibleChannel } from './context.js';

function reactionTarget(ctx: MethodContext, args: Args): { ch: ChannelRecord; m: MessageRecord } {
  const ch = visibleChannel(ctx, str(args, 'channel'));
  const ts = str(args, 'timestamp');
  if (ts === undefined || ts === '') fail('no_item_specified');
  const m = ctx.state.findMessage(ch.id, ts);
  if (!m) fail('message_not_found');
  return { ch, m };
}

/** Emoji names go without colons; Slack tolerates `:name:` so the stand-in does too. */
function emojiName(args: Args): string {
  const name = (str(args, 'name') ?? '').replace(/^:(.*):$/, '$1');
  if (!/^[a-z0-9_+\-']+(::skin-tone-[2-6])?$/.test(name)) fail('invalid_name');
  return name;
}

export const reactionsMethods: Record<string, MethodHandler> = {
  'reactions.add': (ctx, args) => {
    const name = emojiName(args);
    const { ch, m } = reactionTarget(ctx, args);
    requireNotArchived(ch);
    const error = ctx.state.react(m, name, ctx.state.identity.botUserId);
    if (error) fail(error);
    return {};
  },

  'reactions.remove': (ctx, args) => {
    const name = emojiName(args);
    const { m } = reactionTarget(ctx, args);
    const error = ctx.state.unreact(m, name, ctx.state.identity.botUserId);
    if (error) fail(error);
    return {};
  },

  'reactions.get': (ctx, args) => {
    const { ch, m } = reactionTarget(ctx, args);
    return { type: 'message', channel: ch.id, message: messageJson(ctx.state, m) };
  },
};
