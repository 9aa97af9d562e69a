import type { Services } from '../services.js';

interface ChannelQueue {
  lines: string[];
  waiters: (() => void)[];
  busy: boolean;
}

/** Slack allows about one message a second per channel; a message stays readable under ~3,500 characters. */
const MAX_MESSAGE_CHARS = 3_500;
/** Keyed by the Slack client, so a command's own copy of the services (after-reply.ts) shares the queue. */
const queues = new WeakMap<Services['slack'], Map<string, ChannelQueue>>();

/**
 * Posts lines to a channel with at most one message in flight per channel: when the channel
 * is quiet a line goes out at once; during a burst, the lines that arrive while a post is in
 * flight go out together in the next one, in order. A busy incident then costs a few posts a
 * second instead of one per note, which is also what Slack's per-channel limit allows.
 */
export function postToChannel(s: Services, channel: string, lines: string[]): Promise<void> {
  let byChannel = queues.get(s.slack);
  if (!byChannel) {
    byChannel = new Map();
    queues.set(s.slack, byChannel);
  }
  let q = byChannel.get(channel);
  if (!q) {
    q = { lines: [], waiters: [], busy: false };
    byChannel.set(channel, q);
  }
  q.lines.push(...lines);
  const queued = q;
  const done = new Promise<void>((resolve) => queued.waiters.push(resolve));
  if (!q.busy) void drain(s, channel, q, byChannel);
  return done;
}

function takeMessage(lines: string[]): string {
  let text = lines.shift() ?? '';
  while (lines.length && text.length + 1 + (lines[0]?.length ?? 0) <= MAX_MESSAGE_CHARS) text += `\n${lines.shift() ?? ''}`;
  return text;
}

async function drain(s: Services, channel: string, q: ChannelQueue, byChannel: Map<string, ChannelQueue>): Promise<void> {
  q.busy = true;
  while (q.lines.length) {
    const waiters = q.waiters.splice(0);
    const lines = q.lines.splice(0);
    while (lines.length) {
      const text = takeMessage(lines);
      try {
        await s.slack.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
      } catch (err) {
        s.log.warn('could not echo timeline entries in channel', { channel, err });
      }
    }
    for (const w of waiters) w();
  }
  q.busy = false;
  byChannel.delete(channel);
}
