import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../app/context.js';
import { applySlackEvent, PIN_REACTION } from '../../app/pins.js';
import { QueueName, slackEventJobId, type SlackEventJob } from '../../jobs/queues.js';
import { keys } from '../../store/keys.js';
import { isWorthRetrying } from '../api/errors.js';
import { teamOf } from './payloads.js';

const DAY_SECONDS = 24 * 3600;

const ReactionEvent = z.looseObject({
  user: z.string(),
  reaction: z.string(),
  item: z.looseObject({ type: z.string(), channel: z.string().optional(), ts: z.string().optional() }),
});

const MessageChanged = z.looseObject({
  subtype: z.literal('message_changed'),
  channel: z.string(),
  message: z.looseObject({ ts: z.string(), text: z.string().optional() }),
});

const MemberJoined = z.looseObject({ user: z.string(), channel: z.string() });

const MessageDeleted = z.looseObject({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
});

/** The event as warroom acts on it, or undefined for events it does not follow (other emoji, other channels' noise). */
function toJob(type: string, event: unknown, team: string, botUser: string | undefined): SlackEventJob | undefined {
  if (type === 'member_joined_channel') {
    const e = MemberJoined.safeParse(event);
    return e.success ? { kind: 'member-joined', teamId: team, channel: e.data.channel, user: e.data.user, ...(botUser ? { botUser } : {}) } : undefined;
  }
  if (type === 'reaction_added' || type === 'reaction_removed') {
    const e = ReactionEvent.safeParse(event);
    if (!e.success || e.data.reaction !== PIN_REACTION || e.data.item.type !== 'message' || !e.data.item.channel || !e.data.item.ts) return undefined;
    const { channel, ts } = e.data.item;
    return type === 'reaction_added' ? { kind: 'pin-added', teamId: team, channel, ts, user: e.data.user } : { kind: 'pin-removed', teamId: team, channel, ts };
  }
  const changed = MessageChanged.safeParse(event);
  if (changed.success) return { kind: 'message-edited', teamId: team, channel: changed.data.channel, ts: changed.data.message.ts, text: changed.data.message.text ?? '' };
  const deleted = MessageDeleted.safeParse(event);
  if (deleted.success) return { kind: 'message-deleted', teamId: team, channel: deleted.data.channel, ts: deleted.data.deleted_ts };
  return undefined;
}

/**
 * Slack redelivers an event only when it got no 200 in time, and Bolt answers 200 before the
 * work is done, so an event the bot failed to act on because Slack itself was failing (rate
 * limit, 5xx) is handed to the worker, which retries it with backoff. A redelivered event_id is
 * skipped: it is marked seen only once its work is done or queued.
 */
async function handle(s: Services, job: SlackEventJob, eventId: string | undefined): Promise<void> {
  const seen = eventId ? keys.seenEvent(job.teamId, eventId) : undefined;
  if (seen && (await s.redis.exists(seen))) return;
  try {
    await applySlackEvent(s, job);
  } catch (err) {
    if (!isWorthRetrying(err)) throw err;
    s.log.warn('Slack failed while following an event; the worker retries it', { kind: job.kind, channel: job.channel, err });
    await s.queues.get(QueueName.slackEvents, job.teamId).add(job.kind, job, eventId ? { jobId: slackEventJobId(job.teamId, eventId), delay: 1_000 } : { delay: 1_000 });
  }
  if (seen) await s.redis.set(seen, '1', 'EX', DAY_SECONDS);
}

/** One Bolt listener for the events warroom follows (Bolt runs every listener for every request; see routes.ts). */
export function registerEventListeners(app: App, s: Services): void {
  app.event(/^(?:reaction_added|reaction_removed|message|member_joined_channel)$/, async ({ event, body }) => {
    const b = body as { team_id?: string; event_id?: string; authorizations?: Array<{ user_id?: string; is_bot?: boolean }> };
    const job = toJob(event.type, event, teamOf(b), b.authorizations?.find((a) => a.is_bot)?.user_id);
    if (!job) return;
    await handle(s, job, b.event_id).catch((err: unknown) => s.log.error('could not follow a Slack event', { kind: job.kind, channel: job.channel, err }));
  });
}
