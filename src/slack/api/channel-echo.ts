import type { WebClient } from '@slack/web-api';
import type { Logger } from '../../telemetry/log.js';
import { inProgress } from '../../util/in-progress.js';

interface ChannelQueue {
  lines: string[];
  busy: boolean;
  /** When the last message to this channel went out (ms); kept after the queue empties, for the spacing. */
  lastPost: number;
}

/** Slack lets an app post about one message a second to a channel (short bursts pass); faster posts are refused with 429. */
export const ECHO_SPACING_MS = 1_000;

/** Slack allows about one message a second per channel; a message stays readable under ~3,500 characters. */
const MAX_MESSAGE_CHARS = 3_500;

export interface ChannelEcho {
  /** Queues lines for a channel; never waits and never throws (a failed post is logged). */
  post(channel: string, lines: string[]): void;
  /** Resolves when every queued line has been posted (tests, graceful shutdown). */
  idle(): Promise<void>;
}

/**
 * Posts lines to a channel with at most one message in flight per channel, and messages at
 * least `spacingMs` apart: when the channel is quiet a line goes out at once; during a burst,
 * the lines that arrive meanwhile go out together in the next message, in order. A busy
 * incident then costs one post a second instead of one per note, which is what Slack's
 * per-channel limit allows, and nearly nothing per note.
 * Nothing waits for an echo: a command's reply and its saved entry do not depend on it, and
 * holding each note's work until the next post (up to a second) kept thousands of closures
 * alive at a time under load, all of them garbage for the old generation.
 */
export function createChannelEcho(slack: WebClient, log: Logger, spacingMs = ECHO_SPACING_MS): ChannelEcho {
  const byChannel = new Map<string, ChannelQueue>();
  const drains = inProgress();

  /** Idle queues are kept for their last post time; past a thousand channels, those quiet long enough go. */
  function forgetQuietChannels(): void {
    if (byChannel.size < 1_000) return;
    const now = Date.now();
    for (const [channel, q] of byChannel) if (!q.busy && now - q.lastPost >= spacingMs) byChannel.delete(channel);
  }

  async function drain(channel: string, q: ChannelQueue): Promise<void> {
    q.busy = true;
    while (q.lines.length) {
      const wait = q.lastPost + spacingMs - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const lines = q.lines.splice(0);
      while (lines.length) {
        const text = takeMessage(lines);
        q.lastPost = Date.now();
        try {
          await slack.chat.postMessage({ channel, text, unfurl_links: false, unfurl_media: false });
        } catch (err) {
          log.warn('could not echo timeline entries in channel', { channel, err });
        }
      }
    }
    q.busy = false;
  }

  return {
    post(channel, lines) {
      let q = byChannel.get(channel);
      if (!q) {
        forgetQuietChannels();
        q = { lines: [], busy: false, lastPost: 0 };
        byChannel.set(channel, q);
      }
      q.lines.push(...lines);
      if (!q.busy) {
        drains.start();
        void drain(channel, q).finally(() => drains.end());
      }
    },
    idle: () => drains.idle(),
  };
}

function takeMessage(lines: string[]): string {
  let text = lines.shift() ?? '';
  while (lines.length && text.length + 1 + (lines[0]?.length ?? 0) <= MAX_MESSAGE_CHARS) text += `\n${lines.shift() ?? ''}`;
  return text;
}
