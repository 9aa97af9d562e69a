import type { BlockAction, ButtonAction } from '@slack/bolt';
import { teamOf } from './payloads.js';
import type { Routes } from './routes.js';
import type { View } from '@slack/types';
import { z } from 'zod';
import { incidentLabel } from '../../domain/incident.js';
import { MAX_UPDATE } from '../../domain/status-updates.js';
import type { Services } from '../../app/context.js';
import { acknowledgePage } from '../../app/escalation.js';
import { ActionId, ViewId } from '../views/ids.js';
import { escapeText } from '../views/mrkdwn.js';
import { parseAckValue } from '../../app/paging.js';
import { errorReply } from '../views/error-replies.js';
import { postStatusUpdate, snoozedText, snoozeStatusReminder } from '../../app/status-reminders.js';

/** The update modal's single input. */
const UpdateField = { block: 'update', action: 'update' } as const;

const UpdateMeta = z.object({ team: z.string(), incident: z.number().int(), channel: z.string().optional() });
const UpdateValues = z.looseObject({
  [UpdateField.block]: z.looseObject({ [UpdateField.action]: z.looseObject({ value: z.string().nullish() }) }),
});

export function statusUpdateModal(team: string, n: number, title: string, channel?: string): View {
  return {
    type: 'modal',
    callback_id: ViewId.statusUpdate,
    private_metadata: JSON.stringify({ team, incident: n, ...(channel ? { channel } : {}) }),
    title: { type: 'plain_text', text: `Update INC-${n}`.slice(0, 24) },
    submit: { type: 'plain_text', text: 'Post update' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(title).slice(0, 2000) }] },
      {
        type: 'input',
        block_id: UpdateField.block,
        label: { type: 'plain_text', text: 'Where things stand' },
        hint: { type: 'plain_text', text: 'Posted in the incident channel and the broadcast channel, and recorded on the timeline.' },
        element: { type: 'plain_text_input', action_id: UpdateField.action, multiline: true, max_length: MAX_UPDATE, placeholder: { type: 'plain_text', text: 'Rolled back the config change; error rate is falling.' } },
      },
    ],
  };
}

function messageOf(body: BlockAction): { channel: string; ts: string } | undefined {
  const channel = body.container.channel_id as string | undefined;
  const ts = body.container.message_ts as string | undefined;
  return channel && ts && !body.container.is_ephemeral ? { channel, ts } : undefined;
}

export function registerEscalationButtons(app: Routes, s: Services): void {
  app.action<BlockAction<ButtonAction>>(ActionId.acknowledgePage, async ({ ack, body, action, respond }) => {
    await ack();
    const ref = parseAckValue(action.value);
    if (!ref) return;
    try {
      const { incident, page } = await acknowledgePage(s, teamOf(body), ref.incident, { user: body.user.id, page: ref.page, source: 'button' });
      const where = incident.setup.channelId ? ` Join <#${incident.setup.channelId}>.` : '';
      await respond({ response_type: 'ephemeral', replace_original: false, text: `:ok_hand: You acknowledged ${incidentLabel(incident)}${page.name ? ` for ${escapeText(page.name)}` : ''}.${where}` });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorReply(err, s.log, { action: 'ack', user: body.user.id }) }).catch(() => undefined);
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.snoozeStatusReminder, async ({ ack, body, action, respond, client }) => {
    await ack();
    const n = Number(action.value);
    if (!Number.isInteger(n)) return;
    try {
      const { incident, until } = await snoozeStatusReminder(s, teamOf(body), n);
      const text = snoozedText(incident, body.user.id, until);
      const msg = messageOf(body);
      if (msg) await client.chat.update({ channel: msg.channel, ts: msg.ts, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
      else await respond({ response_type: 'ephemeral', text });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorReply(err, s.log, { action: 'snooze', user: body.user.id }) }).catch(() => undefined);
    }
  });

  app.action<BlockAction<ButtonAction>>(ActionId.postUpdate, async ({ ack, body, action, respond, client }) => {
    await ack();
    const n = Number(action.value);
    if (!Number.isInteger(n)) return;
    try {
      const loaded = await s.incidents.load(teamOf(body), n);
      if (!loaded) return;
      await client.views.open({ trigger_id: body.trigger_id, view: statusUpdateModal(teamOf(body), n, loaded.incident.title, messageOf(body)?.channel) });
    } catch (err) {
      await respond({ response_type: 'ephemeral', replace_original: false, text: errorReply(err, s.log, { action: 'post-update', user: body.user.id }) }).catch(() => undefined);
    }
  });

  app.view(ViewId.statusUpdate, async ({ ack, view, body, client }) => {
    const meta = UpdateMeta.safeParse(JSON.parse(view.private_metadata || '{}'));
    const values = UpdateValues.safeParse(view.state.values);
    const text = values.success ? (values.data.update.update.value ?? '').trim() : '';
    if (!meta.success) {
      await ack();
      return;
    }
    if (text === '') {
      await ack({ response_action: 'errors', errors: { [UpdateField.block]: 'Write where things stand.' } });
      return;
    }
    await ack({ response_action: 'clear' });
    const user = body.user.id;
    try {
      const { problems } = await postStatusUpdate(s, meta.data.team, meta.data.incident, { text, by: user, source: 'modal' });
      if (problems.length) await client.chat.postMessage({ channel: user, text: `:warning: Your update is recorded, but I could not post it to ${problems.join(' or ')}.` });
    } catch (err) {
      // A submitted modal has no response_url: the outcome goes to the author as a DM.
      await client.chat.postMessage({ channel: user, text: errorReply(err, s.log, { view: 'status-update', user }) }).catch(() => undefined);
    }
  });
}
