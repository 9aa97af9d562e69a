import type { Services } from '../services.js';

interface ChannelQueue {
  lines: string[];
  waiters: (() => void)[];
  busy: boolean;
  /** When the last message to this channel went out (ms); kept after the queue empties, for the spacing. */
  lastPost: number;
}

/** Slack lets an app post about one message a second to a channel (short bursts pass); faster posts are refused with 429. */
export const ECHO_SPACING_MS = 1_000;

/** Slack allows about one message a second per channel; a message stays readable under ~3,500 characters. */
const MAX_MESSAGE_CHARS = 3_500;
/** Keyed by the Slack client, so a command's own copy of the services (after-reply.ts) shares the queue. */
const queues = new WeakMap<Services['slack'], Map<string, ChannelQueue>>();

/**
 * Posts lines to a channel with at most one message in flight per channel, and messages at
 * least `echoSpacingMs` apart: when the channel is quiet a line goes out at once; during a
 * burst, the lines that arrive meanwhile go out together in the next message, in order. A busy
 * incident then costs one post a second instead of one per note, which is what Slack's
 * per-channel limit allows, and nearly nothing per note.
 */
export function postToChannel(s: Services, channel: string, lines: string[]): Promise<void> {
  let byChannel = queues.get(s.slack);
  if (!byChannel) {
    byChannel = new Map();
    queues.set(s.slack, byChannel);
  }
  let q = byChannel.get(channel);
  if (!q) {
    forgetQuietChannels(byChannel, s.echoSpacingMs ?? ECHO_SPACING_MS);
    q = { lines: [], waiters: [], busy: false, lastPost: 0 };
    byChannel.set(channel, q);
  }
  q.lines.push(...lines);
  const queued = q;
  const done = new Promise<void>((resolve) => queued.waiters.push(resolve));
  if (!q.busy) void drain(s, channel, q);
  return done;
}

/** Idle queues are kept for their last post time; past a thousand channels, those quiet long enough go. */
function forgetQuietChannels(byChannel: Map<string, ChannelQueue>, spacing: number): void {
  if (byChannel.size < 1_000) return;
  const now = Date.now();
  for (const [channel, q] of byChannel) if (!q.busy && now - q.lastPost >= spacing) byChannel.delete(channel);
}

function takeMessage(lines: string[]): string {
  let text = lines.shift() ?? '';
  while (lines.length && text.length + 1 + (lines[0]?.length ?? 0) <= MAX_MESSAGE_CHARS) text += `\n${lines.shift() ?? ''}`;
  return text;
}

async function drain(s: Services, channel: string, q: ChannelQueue): Promise<void> {
  q.busy = true;
  const spacing = s.echoSpacingMs ?? ECHO_SPACING_MS;
  while (q.lines.length) {
    const wait = q.lastPost + spacing - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const waiters = q.waiters.splice(0);
    const lines = q.lines.splice(0);
    while (lines.length) {
      const text = takeMessage(lines);
      q.lastPost = Date.now();
      try {
        await s.slack.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
      } catch (err) {
        s.log.warn('could not echo timeline entries in channel', { channel, err });
      }
    }
    for (const w of waiters) w();
  }
  q.busy = false;
}
