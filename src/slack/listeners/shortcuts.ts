import type { App, MessageShortcut } from '@slack/bolt';
import { z } from 'zod';
import { addMessageToTimeline } from '../../app/add-to-timeline.js';
import type { Services } from '../../app/context.js';
import { commentOnRecordedMessage } from '../../app/pins.js';
import { errorReply } from '../views/error-replies.js';
import { ShortcutId, ViewId } from '../views/ids.js';
import { COMMENT_ACTION, COMMENT_BLOCK, CommentModalMeta, timelineCommentModal } from '../views/timeline-comment-modal.js';
import type { Routes } from './routes.js';

const CommentValues = z.looseObject({
  [COMMENT_BLOCK]: z.looseObject({ [COMMENT_ACTION]: z.looseObject({ value: z.string().nullish() }) }),
});

/** The "Add to timeline" message shortcut and the comment form it opens. */
export function registerShortcutListeners(app: App, routes: Routes, s: Services): void {
  app.shortcut<MessageShortcut>({ type: 'message_action', callback_id: ShortcutId.addToTimeline }, async ({ shortcut, ack, client, respond }) => {
    await ack();
    const team = shortcut.team?.id ?? shortcut.user.team_id ?? '';
    const channel = shortcut.channel.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', text }).catch((err: unknown) => s.log.warn('could not answer the shortcut', { err }));
    try {
      const added = await addMessageToTimeline(s, team, channel, shortcut.message_ts, shortcut.user.id);
      if (added.outcome === 'not-an-incident') return void (await tell(':warning: “Add to timeline” works on messages in an incident’s channel, and this is not one.'));
      if (added.outcome === 'closed') return void (await tell(`:warning: ${added.label} is closed; reopen it (\`/incident reopen\`) to add to its timeline.`));
      if (added.outcome === 'not-found') return void (await tell(':warning: I could not read that message, so nothing was added. Is it still there?'));
      const meta: CommentModalMeta = { team, incident: added.number, channel, ts: shortcut.message_ts };
      await client.views.open({
        trigger_id: shortcut.trigger_id,
        view: timelineCommentModal(meta, { label: added.label, when: added.when, author: added.entry.author, text: added.entry.text, already: added.outcome === 'already' }),
      });
    } catch (err) {
      await tell(errorReply(err, s.log, { shortcut: ShortcutId.addToTimeline, user: shortcut.user.id }));
    }
  });

  routes.view(ViewId.timelineComment, async ({ ack, view, body }) => {
    const meta = CommentModalMeta.safeParse((() => {
      try {
        return JSON.parse(view.private_metadata) as unknown;
      } catch {
        return undefined;
      }
    })());
    const values = CommentValues.safeParse(view.state.values);
    const text = values.success ? (values.data[COMMENT_BLOCK][COMMENT_ACTION].value ?? '').trim() : '';
    if (!meta.success || text === '') {
      await ack();
      return;
    }
    try {
      const saved = await commentOnRecordedMessage(s, meta.data.team, meta.data.incident, meta.data.ts, body.user.id, text);
      if (saved) await ack();
      else await ack({ response_action: 'errors', errors: { [COMMENT_BLOCK]: 'That message is no longer in the timeline, so the comment was not saved.' } });
    } catch (err) {
      await ack({ response_action: 'errors', errors: { [COMMENT_BLOCK]: errorReply(err, s.log, { view: ViewId.timelineComment }).replace(/^:\w+: /, '') } });
    }
  });
}
