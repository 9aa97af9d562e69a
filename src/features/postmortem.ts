import type { BlockAction, ButtonAction } from '@slack/bolt';
import { closeNeedsConfirmation } from '../domain/closing.js';
import { NotFoundError } from '../domain/errors.js';
import { POSTMORTEM_QUEUE, postmortemProcessor } from '../app/postmortem-delivery.js';
import { addProcessor } from '../workers/index.js';
import type { Services } from '../app/context.js';
import { closeAndDraft, confirmCloseReply } from '../app/close.js';
import type { Reply } from '../../commands/kit.js';
import { ActionId } from '../slack/views/ids.js';
import { addActionListeners } from '../slack/listeners/actions.js';
import { errorReply } from '../slack/views/error-replies.js';

/**
 * Closing and the postmortem: the delivery job, and the two buttons — **Close incident** on the
 * pinned card and **Resolve and close** on the confirmation shown for an unresolved incident.
 */

addProcessor((s) => ({ queue: POSTMORTEM_QUEUE, processor: postmortemProcessor(s), concurrency: 4 }));

type Respond = (m: object) => Promise<unknown>;

function clicked(body: BlockAction): { team: string; user: string; number: number } {
  const action = body.actions[0] as ButtonAction | undefined;
  return { team: body.team?.id ?? body.user.team_id ?? '', user: body.user.id, number: Number(action?.value) };
}

async function onClose(s: Services, body: BlockAction, resolveNow: boolean): Promise<Reply> {
  const { team, user, number } = clicked(body);
  const loaded = Number.isInteger(number) && number > 0 ? await s.incidents.load(team, number) : undefined;
  if (!loaded) throw new NotFoundError('That incident no longer exists.');
  // The card's button asks first when closing would also resolve; the confirmation's button does not.
  if (!resolveNow && closeNeedsConfirmation(loaded.incident)) return confirmCloseReply(loaded.incident);
  return closeAndDraft(s, { team, number, by: user, source: 'button', now: s.now(), resolveNow });
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

addActionListeners((app, s) => {
  app.action<BlockAction>(ActionId.closeIncident, async ({ ack, body, respond }) => {
    await ack();
    await answer(s, respond, () => onClose(s, body, false));
  });
  app.action<BlockAction>(ActionId.confirmClose, async ({ ack, body, respond }) => {
    await ack();
    await answer(s, respond, () => onClose(s, body, true));
  });
});
