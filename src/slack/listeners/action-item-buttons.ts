import type { BlockAction, ButtonAction } from '@slack/bolt';
import { teamOf } from './payloads.js';
import type { Routes } from './routes.js';
import type { WebClient } from '@slack/web-api';
import { actionItemLabel, type ActionItem } from '../../domain/action-item.js';
import { markDone, snoozeActionItem, type SnoozeLength } from '../../domain/action-item-rules.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Services } from '../../app/context.js';
import { actionItemContext, applyActionItemChange, findActionItem } from '../../app/action-items.js';
import { parseButtonValue, resolvedReminder, snoozedOutcome } from '../views/action-item-messages.js';
import { ActionId } from '../views/ids.js';
import type { Reply } from '../views/reply.js';
import { errorReply } from '../views/error-replies.js';

/**
 * Done and Snooze on a reminder DM. Both are idempotent: a double click (two requests a few
 * milliseconds apart) is serialised by the item's atomic write, and the second finds nothing to do.
 */

type Respond = (m: object) => Promise<unknown>;

/** Replaces the reminder with its outcome, so its buttons are gone; falls back to an ephemeral note. */
async function showOutcome(client: WebClient, body: BlockAction, respond: Respond, reply: Reply): Promise<void> {
  const channel = body.container.channel_id as string | undefined;
  const ts = body.container.message_ts as string | undefined;
  if (channel && ts && !body.container.is_ephemeral) {
    await client.chat.update({ channel, ts, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
  } else {
    await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text });
  }
}

async function done(s: Services, team: string, user: string, id: number): Promise<Reply> {
  const found = await findActionItem(s, team, id);
  const actx = actionItemContext(s, user, 'button');
  const res = await applyActionItemChange(s, team, found.incident, id, (_incident, current) => {
    if (!current) throw new NotFoundError(`${actionItemLabel(id)} no longer exists.`);
    // Already done (the second click of a double click): say so, record nothing.
    if (current.state === 'done') return { result: current };
    const out = markDone(current, actx);
    return { item: out.item, entries: [out.entry], result: out.item };
  });
  const item: ActionItem = res.result;
  return resolvedReminder(item, `:white_check_mark: ${actionItemLabel(item.id)} ${res.changed ? `marked done by <@${user}>` : 'was already done'}.`);
}

async function snooze(s: Services, team: string, user: string, value: { id: number; at: number }, length: SnoozeLength): Promise<Reply> {
  const found = await findActionItem(s, team, value.id);
  const actx = actionItemContext(s, user, 'button');
  const res = await applyActionItemChange(s, team, found.incident, value.id, (_incident, current) => {
    if (!current) throw new NotFoundError(`${actionItemLabel(value.id)} no longer exists.`);
    const out = snoozeActionItem(current, { reminderAt: value.at, length }, actx);
    return out.changed ? { item: out.item, result: out.item } : { result: out.item };
  });
  const item = res.result;
  return resolvedReminder(item, snoozedOutcome(item, item.snoozedUntil ?? actx.now));
}

export function registerActionItemButtons(app: Routes, s: Services): void {
  const handle = (actionId: string, act: (team: string, user: string, value: { id: number; at: number }) => Promise<Reply>): void => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      const value = parseButtonValue(action.value);
      if (!value) return;
      try {
        await showOutcome(client, body, respond, await act(teamOf(body), body.user.id, value));
      } catch (err) {
        await respond({ response_type: 'ephemeral', replace_original: false, text: errorReply(err, s.log, { action: actionId, user: body.user.id }) }).catch(() => undefined);
      }
    });
  };
  handle(ActionId.actionItemDone, (team, user, value) => done(s, team, user, value.id));
  handle(ActionId.actionItemSnoozeDay, (team, user, value) => snooze(s, team, user, value, 'day'));
  handle(ActionId.actionItemSnoozeWeek, (team, user, value) => snooze(s, team, user, value, 'week'));
}
