import type { BlockAction, ButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Routes } from './routes.js';
import { incidentLabel } from '../../domain/incident.js';
import type { Services } from '../../app/context.js';
import { resolveFromAlerts } from '../../app/alerts/on-incident.js';
import { attachFromTriage, declareFromTriage, ignoreFromTriage } from '../../app/alerts/triage.js';
import { noticeFor, setupReply } from '../../app/setup-notices.js';
import { ActionId } from '../views/ids.js';
import { errorReply } from '../views/error-replies.js';

type Respond = (m: object) => Promise<unknown>;

function teamOf(body: BlockAction): string {
  return body.team?.id ?? body.user.team_id ?? '';
}

async function answer(s: Services, respond: Respond, user: string, action: string, work: () => Promise<string>): Promise<void> {
  let text: string;
  try {
    text = await work();
  } catch (err) {
    text = errorReply(err, s.log, { action, user });
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text }).catch((err: unknown) => s.log.warn('could not answer an alert button', { action, err }));
}

/** "All alerts resolved" → Resolve, and the triage question's Declare / Attach / Ignore. */
export function registerAlertButtons(app: Routes, s: Services): void {
  app.action<BlockAction<ButtonAction>>(ActionId.resolveFromAlerts, async ({ ack, body, action, respond, client }) => {
    await ack();
    await answer(s, respond, body.user.id, 'alerts-resolve', async () => {
      const incident = await resolveFromAlerts(s, teamOf(body), Number(action.value), body.user.id);
      const channel = body.container.channel_id as string | undefined;
      const ts = body.container.message_ts as string | undefined;
      const text = `:white_check_mark: All alerts resolved; <@${body.user.id}> resolved ${incidentLabel(incident)}.`;
      if (channel && ts) await client.chat.update({ channel, ts, text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
      return `:white_check_mark: ${incidentLabel(incident)} is resolved.`;
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.triageDeclare, async ({ ack, body, action, respond }) => {
    await ack();
    await answer(s, respond, body.user.id, 'triage-declare', async () => {
      const notice = noticeFor(s, body.user.id, body.response_url);
      return setupReply(await declareFromTriage(s, teamOf(body), action.value ?? '', body.user.id, notice), { now: s.now() }).text;
    });
  });

  app.action<BlockAction<StaticSelectAction>>(ActionId.triageAttach, async ({ ack, body, action, respond }) => {
    await ack();
    await answer(s, respond, body.user.id, 'triage-attach', async () => {
      const value = action.selected_option.value;
      const at = value.lastIndexOf(':');
      const n = Number(value.slice(at + 1));
      const t = await attachFromTriage(s, teamOf(body), value.slice(0, at), n, body.user.id);
      return `:white_check_mark: Attached the alert to INC-${t.incident ?? n}.`;
    });
  });

  app.action<BlockAction<ButtonAction>>(ActionId.triageIgnore, async ({ ack, body, action, respond }) => {
    await ack();
    await answer(s, respond, body.user.id, 'triage-ignore', async () => {
      await ignoreFromTriage(s, teamOf(body), action.value ?? '', body.user.id);
      return ':no_bell: Ignored. More alerts of this group stay quiet until it resolves.';
    });
  });
}
