import type { KnownBlock } from '@slack/types';
import { incidentLabel, type Incident } from '../../domain/incident.js';
import { ROLE_LABEL, ROLE_SHORT, ROLES } from '../../domain/roles.js';
import { severityLabel } from '../../domain/severity.js';
import { STATUS_EMOJI, statusLabel } from '../../domain/status.js';
import { formatDayTime } from '../../domain/time-format.js';
import { ActionId } from './ids.js';
import { escapeText, plainText, truncate, userText } from './mrkdwn.js';

/** What features add to the card: short fields beside severity and status, and sections under the impact. */
export interface CardExtras {
  fields?: { label: string; value: string }[];
  sections?: { label: string; text: string }[];
}

const SEVERITY_EMOJI = { sev1: ':red_circle:', sev2: ':large_orange_circle:', sev3: ':large_yellow_circle:', sev4: ':white_circle:' } as const;

/** The channel topic is plain text, ≤ 250 characters: `SEV2 · Investigating · IC @ana · INC-3 …`. */
export function topicText(incident: Incident, names: ReadonlyMap<string, string>): string {
  const parts = [severityLabel(incident.severity), statusLabel(incident.status)];
  if (incident.roles.commander) parts.push(`${ROLE_SHORT.commander} ${plainText(`<@${incident.roles.commander}>`, names)}`);
  parts.push(`${incidentLabel(incident)}: ${plainText(incident.title, names)}`);
  return truncate(parts.join(' · '), 250);
}

export function cardFallbackText(incident: Incident): string {
  return `${incidentLabel(incident)}: ${escapeText(incident.title)} (${severityLabel(incident.severity)}, ${statusLabel(incident.status)})`;
}

export function cardBlocks(incident: Incident, extras: CardExtras = {}): KnownBlock[] {
  const started = incident.keyTimes.started ?? incident.keyTimes.declared ?? incident.createdAt;
  const fields = [
    `*Severity*\n${SEVERITY_EMOJI[incident.severity]} ${severityLabel(incident.severity)}`,
    `*Status*\n${STATUS_EMOJI[incident.status]} ${statusLabel(incident.status)}`,
    ...ROLES.map((r) => `*${ROLE_LABEL[r]}*\n${incident.roles[r] ? `<@${incident.roles[r]}>` : '_unassigned_'}`),
    // No "N minutes ago": the card is re-drawn only when something on it changes.
    `*Started*\n${formatDayTime(started, incident.timeZone)}`,
  ];
  for (const f of extras.fields ?? []) fields.push(`*${f.label}*\n${f.value}`);
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(escapeText(`${incidentLabel(incident)}: ${plainText(incident.title)}`), 150), emoji: true } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn', text: truncate(text, 2000) })) },
  ];
  if (incident.impact) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Impact*\n${userText(incident.impact)}`, 3000) } });
  }
  for (const section of extras.sections ?? []) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${section.label}*\n${section.text}`, 3000) } });
  }
  const links = [`Declared by <@${incident.declaredBy}>`];
  if (incident.setup.channelId) links.push(`<#${incident.setup.channelId}>`);
  links.push('`/incident help` for commands');
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: links.join(' · ') }] });
  if (incident.status !== 'closed') {
    blocks.push({
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ActionId.closeIncident,
          text: { type: 'plain_text', text: 'Close incident' },
          value: String(incident.number),
          ...(incident.status === 'resolved' ? { style: 'primary' as const } : {}),
        },
      ],
    });
  }
  return blocks;
}
