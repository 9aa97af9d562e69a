import { closeIncident, reopenIncident, requestPostmortem } from '../domain/closing.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import type { SettableStatus } from '../domain/status.js';
import { statusLabel } from '../domain/status.js';
import type { TimelineSource } from '../domain/timeline.js';
import { queuePostmortem } from './postmortem-delivery.js';
import type { Services } from './context.js';
import type { AfterReply } from './after-reply.js';
import { applyRule } from './apply.js';
import type { Reply } from '../slack/views/reply.js';
import { ActionId } from '../slack/views/ids.js';
import { escapeText } from '../slack/views/mrkdwn.js';

/**
 * Closing, reopening and redrafting, shared by the slash commands and the card's buttons.
 * The status change and the open-incident index move in one atomic write (the store keeps the
 * index); timers stop through the status hooks, which applyRule runs; the draft is a queued job, so a slow upload never holds up the person.
 */

interface Who {
  team: string;
  number: number;
  by: string;
  source: TimelineSource;
  now: number;
  after?: AfterReply | undefined;
}

async function queueDraft(s: Services, incident: Incident, announce: boolean): Promise<string> {
  const version = incident.postmortemVersion ?? 1;
  try {
    await queuePostmortem(s, { teamId: incident.teamId, incident: incident.number, version, announce });
    return `The postmortem draft v${version} is on its way to this channel as \`${incidentLabel(incident)}-postmortem.md\`.`;
  } catch (err) {
    s.log.error('could not queue postmortem delivery', { incident: incident.number, version, err });
    return ':warning: The postmortem draft could not be queued just now; `/incident postmortem` tries again.';
  }
}

export async function closeAndDraft(s: Services, w: Who & { resolveNow: boolean }): Promise<Reply> {
  const applied = await applyRule(s, w.team, w.number, (incident) => closeIncident(incident, { by: w.by, source: w.source, now: w.now, ids: s.ids, resolveNow: w.resolveNow }), { after: w.after });
  const resolvedToo = applied.before.status !== 'resolved' ? ' It was marked resolved first.' : '';
  return { text: `:lock: ${incidentLabel(applied.after)} is closed.${resolvedToo} ${await queueDraft(s, applied.after, true)}` };
}

export async function reopen(s: Services, w: Who & { status?: SettableStatus | undefined; reason?: string | undefined }): Promise<Reply> {
  const applied = await applyRule(s, w.team, w.number, (incident) => reopenIncident(incident, { by: w.by, source: w.source, now: w.now, ids: s.ids, status: w.status, reason: w.reason }), { after: w.after });
  return { text: `:unlock: ${incidentLabel(applied.after)} is open again as *${statusLabel(applied.after.status)}*. \`/incident close\` closes it and drafts a new postmortem version.` };
}

export async function redraft(s: Services, w: Who): Promise<Reply> {
  const applied = await applyRule(s, w.team, w.number, (incident) => requestPostmortem(incident, { by: w.by, source: w.source, now: w.now, ids: s.ids }), { echo: false, after: w.after });
  return { text: `:page_facing_up: ${await queueDraft(s, applied.after, false)}` };
}

/** Asked before closing an incident that is not resolved: closing it would also resolve it now. */
export function confirmCloseReply(incident: Incident): Reply {
  const label = incidentLabel(incident);
  const text = `${label} is still *${statusLabel(incident.status)}*. Closing it marks it resolved now, stops its timers and drafts the postmortem.`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: `:warning: ${text}\n_${escapeText(incident.title)}_` } },
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ActionId.confirmClose,
            style: 'danger',
            text: { type: 'plain_text', text: `Resolve and close ${label}` },
            value: String(incident.number),
          },
        ],
      },
    ],
  };
}
