import { tsToMicros } from '../state.js';
import type { ChannelRecord } from '../types.js';
import { LIMITS } from '../limits.js';
import { type Args, type MethodContext, type MethodHandler, fail, requireBotMember, str, visibleChannel } from './context.js';

/** The pinned (or pinnable) message named by `channel` + `timestamp`. */
function pinTarget(ctx: MethodContext, args: Args): { ch: ChannelRecord; ts: string } {
  const ch = visibleChannel(ctx, str(args, 'channel'));
  requireBotMember(ctx, ch);
  const ts = str(args, 'timestamp');
  if (ts === undefined || ts === '') fail('no_item_specified');
  if (tsToMicros(ts) === undefined) fail('bad_timestamp');
  if (!ctx.state.findMessage(ch.id, ts)) fail('message_not_found');
  return { ch, ts };
}

export const pinsMethods: Record<string, MethodHandler> = {
  'pins.add': (ctx, args) => {
    const { ch, ts } = pinTarget(ctx, args);
    const pins = ctx.state.pinsIn(ch.id);
    if (pins.some((p) => p.ts === ts)) fail('already_pinned');
    if (pins.length >= LIMITS.pins) fail('too_many_pins');
    pins.push({ ts, pinned_by: ctx.state.identity.botUserId, created: ctx.state.nowSec() });
    return {};
  },

  'pins.remove': (ctx, args) => {
    const { ch, ts } = pinTarget(ctx, args);
    const pins = ctx.state.pinsIn(ch.id);
    if (!pins.some((p) => p.ts === ts)) fail('no_pin');
    ctx.state.pins.set(
      ch.id,
      pins.filter((p) => p.ts !== ts),
    );
    return {};
  },
};
