import type { KnownBlock } from '@slack/types';
import { NARRATIVE_LABEL } from '../../domain/narrative.js';
import { statusLabel } from '../../domain/status.js';
import { escapeText, truncate, userText } from './mrkdwn.js';
import type { Draft } from '../../postmortem/draft-schema.js';

/**
 * The short message posted next to the uploaded draft: enough to know what happened and what
 * is left to write, well inside Block Kit's limits (header 150, section 3,000, fields 2,000,
 * 50 blocks). The full document is the file.
 */

export interface SlackSummary {
  text: string;
  blocks: KnownBlock[];
}

export function postmortemFileName(d: Pick<Draft, 'label'>): string {
  return `${d.label}-postmortem.md`;
}

function link(url: string | undefined, label: string): string {
  return url ? `<${url}|${escapeText(label)}>` : escapeText(label);
}

function missingCommand(m: Draft['conclusion']['missing'][number]): string {
  return m === 'measures' ? '`/incident action add …`' : `\`/incident ${m} <text>\``;
}

export function slackSummary(d: Draft, file: { permalink?: string | undefined } = {}): SlackSummary {
  const name = postmortemFileName(d);
  const open = d.measures.filter((m) => m.state === 'open');
  const flagged = open.filter((m) => m.missing.length > 0).length;
  const toWrite = d.human.map((h) => h.title);
  const window = `${d.window.text}${d.duration ? ` (${d.duration.text})` : ''}`;
  const lines = [`*${userText(d.title)}*`, escapeText(window)];
  const impact = d.narrative.impact;
  if (impact) lines.push(`*${NARRATIVE_LABEL.impact}:* ${userText(impact.text)}`);
  const fields = [
    `*Severity*\n${escapeText(d.severityHistory.text)}`,
    `*Status*\n${statusLabel(d.status)}`,
    `*Timeline*\n${d.timeline.items.length} entries (${d.timeline.human} by people)${d.timeline.folded ? `; ${d.timeline.folded} of bookkeeping kept in the full record` : ''}`,
    `*Measures*\n${d.measures.length} recorded, ${open.length} open${flagged ? `, ${flagged} without owner or due date` : ''}`,
  ];
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${d.label} postmortem draft v${d.version}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
    { type: 'section', fields: fields.map((text) => ({ type: 'mrkdwn' as const, text: truncate(text, 2000) })) },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: truncate(
          `:page_facing_up: ${link(file.permalink, name)}${toWrite.length ? `\n:writing_hand: Left for people to write: ${escapeText(toWrite.join(', '))}` : ''}${
            d.conclusion.missing.length ? `\n:writing_hand: The conclusion lacks the ${d.conclusion.missing.join(', the ')}: record ${d.conclusion.missing.map(missingCommand).join(', ')}` : ''
          }`,
          3000,
        ),
      },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Drafted from the record. Fix the record (`/incident impact`, `cause`, `resolution`, `note`…), then `/incident postmortem` drafts a new version.' }] },
  ];
  const text = truncate(`${d.label} postmortem draft v${d.version}: ${escapeText(d.title)}. ${escapeText(window)}. ${name}`, 3000);
  return { text, blocks };
}

/** One line for the broadcast channel, which may not see the incident channel's file. */
export function announcement(d: Draft, file: { permalink?: string | undefined } = {}): string {
  const where = d.channel ? ` in <#${d.channel}>` : '';
  const duration = d.duration ? `, ${d.duration.text}` : '';
  return truncate(`:page_facing_up: ${d.label} (${escapeText(d.title)}) is ${statusLabel(d.status).toLowerCase()}${duration}. Postmortem draft v${d.version}: ${link(file.permalink, postmortemFileName(d))}${where}.`, 3000);
}
