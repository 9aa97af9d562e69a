import type { View } from '@slack/types';
import { z } from 'zod';
import { ViewId } from './ids.js';
import { truncate, userText } from './mrkdwn.js';

/** The form "Add to timeline" opens: the message is recorded already; a comment is optional. */

export const COMMENT_BLOCK = 'comment';
export const COMMENT_ACTION = 'comment';

export const CommentModalMeta = z.object({ team: z.string(), incident: z.number().int(), channel: z.string(), ts: z.string() });
export type CommentModalMeta = z.infer<typeof CommentModalMeta>;

export function timelineCommentModal(meta: CommentModalMeta, m: { label: string; when: string; author?: string | undefined; text: string; already: boolean }): View {
  const by = m.author ? ` by <@${m.author}>` : '';
  const said = `> ${truncate(userText(m.text || '(no text)'), 2500).replace(/\n/g, '\n> ')}`;
  const head = m.already
    ? `This message${by} (${m.when}) is already in ${m.label}'s timeline. Add a comment to say why it matters.`
    : `Added to ${m.label}'s timeline at ${m.when}, the time it was posted${by}. Add a comment to say why it matters, or close this.`;
  return {
    type: 'modal',
    callback_id: ViewId.timelineComment,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Add to timeline' },
    submit: { type: 'plain_text', text: 'Save comment' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: truncate(`${head}\n${said}`, 3000) } },
      {
        type: 'input',
        block_id: COMMENT_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'Comment (optional)' },
        element: { type: 'plain_text_input', action_id: COMMENT_ACTION, multiline: true, max_length: 3000, placeholder: { type: 'plain_text', text: 'e.g. First sign of the connection pool running out' } },
      },
    ],
  };
}
