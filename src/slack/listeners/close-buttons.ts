import type { BlockAction, ButtonAction } from '@slack/bolt';
import { closeAndDraft, confirmCloseReply } from '../../app/close.js';
import type { Services } from '../../app/context.js';
import { checkAccess } from '../../app/permissions.js';
import { closeNeedsConfirmation } from '../../domain/closing.js';
import { NotFoundError } from '../../domain/errors.js';
import type { Reply } from '../views/reply.js';
import { errorReply } from '../views/error-replies.js';
import { ActionId } from '../views/ids.js';
import { teamOf } from './payloads.js';
import type { Routes } from './routes.js';

/**
 * The two close buttons: **Close incident** on the pinned card and **Resolve and close** on the
 * confirmation shown for an unresolved incident.
 */

type Respond = (m: object) => Promise<unknown>;

async function onClose(s: Services, body: BlockAction, resolveNow: boolean): Promise<Reply> {
  const action = body.actions[0] as ButtonAction | undefined;
  const team = teamOf(body);
  const number = Number(action?.value);
  const loaded = Number.isInteger(number) && number > 0 ? await s.incidents.load(team, number) : undefined;
  if (!loaded) throw new NotFoundError('That incident no longer exists.');
  await checkAccess(s, team, loaded.incident, body.user.id, 'lead', 'close');
  // The card's button asks first when closing would also resolve; the confirmation's button does not.
  if (!resolveNow && closeNeedsConfirmation(loaded.incident)) return confirmCloseReply(loaded.incident);
  return closeAndDraft(s, { team, number, by: body.user.id, source: 'button', now: s.now(), resolveNow });
}

async function answer(s: Services, respond: Respond, work: () => Promise<Reply>): Promise<void> {
  let reply: Reply;
  try {
    reply = await work();
  } catch (err) {
    reply = { text: errorReply(err, s.log, { action: 'close' }) };
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) }).catch((err: unknown) =>
    s.log.warn('could not answer a close button', { err }),
  );
}

export function registerCloseButtons(app: Routes, s: Services): void {
  app.action<BlockAction>(ActionId.closeIncident, async ({ ack, body, respond }) => {
    await ack();
    await answer(s, respond, () => onClose(s, body, false));
  });
  app.action<BlockAction>(ActionId.confirmClose, async ({ ack, body, respond }) => {
    await ack();
    await answer(s, respond, () => onClose(s, body, true));
  });
}
