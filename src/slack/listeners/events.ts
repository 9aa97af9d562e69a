import type { App } from '@slack/bolt';
import { z } from 'zod';
import type { Services } from '../../app/context.js';
import { keys } from '../../store/keys.js';
import { teamOf } from './payloads.js';
import { followPinnedMessage, PIN_REACTION, recordPin, unrecordPin } from '../../app/pins.js';

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

const MessageDeleted = z.looseObject({
  subtype: z.literal('message_deleted'),
  channel: z.string(),
  deleted_ts: z.string(),
});

/**
 * Slack redelivers an event it thinks we missed (same event_id, X-Slack-Retry-Num set).
 * The effects are idempotent anyway; skipping a seen id saves the Slack calls. The id is
 * marked only after the work is saved, so a delivery that failed half-way is redone.
 */
async function once(s: Services, team: string, eventId: string | undefined, work: () => Promise<unknown>): Promise<void> {
  const key = eventId ? keys.seenEvent(team, eventId) : undefined;
  if (key && (await s.redis.exists(key))) return;
  await work();
  if (key) await s.redis.set(key, '1', 'EX', DAY_SECONDS);
}

function envelope(body: unknown): { team: string; eventId: string | undefined } {
  const b = body as { team_id?: string; event_id?: string };
  return { team: teamOf(b), eventId: b.event_id };
}

type EventHandler = (event: unknown, body: unknown) => Promise<void>;

/** One Bolt listener for the events warroom follows (Bolt runs every listener for every request; see routes.ts). */
export function registerEventListeners(app: App, s: Services): void {
  const handlers: Record<string, EventHandler> = {
    reaction_added: async (event, body) => {
      const e = ReactionEvent.safeParse(event);
      if (!e.success || e.data.reaction !== PIN_REACTION || e.data.item.type !== 'message' || !e.data.item.channel || !e.data.item.ts) return;
      const { team, eventId } = envelope(body);
      const { channel, ts } = e.data.item;
      await once(s, team, eventId, () => recordPin(s, team, channel, ts, e.data.user)).catch((err: unknown) =>
        s.log.error('could not record 📌', { channel, ts, err }),
      );
    },
    reaction_removed: async (event, body) => {
      const e = ReactionEvent.safeParse(event);
      if (!e.success || e.data.reaction !== PIN_REACTION || !e.data.item.channel || !e.data.item.ts) return;
      const { team, eventId } = envelope(body);
      const { channel, ts } = e.data.item;
      await once(s, team, eventId, () => unrecordPin(s, team, channel, ts)).catch((err: unknown) => s.log.error('could not remove 📌 entry', { channel, ts, err }));
    },
    message: async (event, body) => {
      const { team, eventId } = envelope(body);
      const changed = MessageChanged.safeParse(event);
      if (changed.success) {
        const { channel, message } = changed.data;
        await once(s, team, eventId, () => followPinnedMessage(s, team, channel, message.ts, { newText: message.text ?? '' })).catch((err: unknown) =>
          s.log.error('could not follow edited message', { err }),
        );
        return;
      }
      const deleted = MessageDeleted.safeParse(event);
      if (deleted.success) {
        const { channel, deleted_ts } = deleted.data;
        await once(s, team, eventId, () => followPinnedMessage(s, team, channel, deleted_ts, 'deleted')).catch((err: unknown) =>
          s.log.error('could not follow deleted message', { err }),
        );
      }
    },
  };
  app.event(new RegExp(`^(?:${Object.keys(handlers).join('|')})$`), async ({ event, body }) => {
    await handlers[event.type]?.(event, body);
  });
}
