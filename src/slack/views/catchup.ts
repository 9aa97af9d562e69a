import type { KnownBlock } from '@slack/types';
import type { Catchup, CatchupEntry } from '../../postmortem/catchup.js';
import { statusLabel, STATUS_EMOJI } from '../../domain/status.js';
import { contextBlock, linesToSections } from './timeline-lines.js';
import { escapeText, truncate, userText } from './mrkdwn.js';

/**
 * The catch-up as Block Kit, for one person (ephemeral). Each line names its entry (`E12`, as
 * `/incident timeline` numbers them); a 📌'd message links to the message itself.
 */

function ref(e: CatchupEntry): string {
  return e.permalink ? `<${e.permalink}|${e.ref}>` : `\`${e.ref}\``;
}

function line(e: CatchupEntry): string {
  const by = e.author ? ` — <@${e.author}>` : '';
  return `${ref(e)} ${e.when} · ${truncate(userText(e.text), 400)}${by}`;
}

export interface CatchupReply {
  text: string;
  blocks: KnownBlock[];
}

export function catchupReply(c: Catchup, opts: { joined?: boolean } = {}): CatchupReply {
  const title = `${c.label}: ${escapeText(c.title)}`;
  const intro = opts.joined ? `:wave: Welcome to ${title}. Here is what happened so far, from the record (only you see this).` : `*Catch-up on ${title}*, from the record (only you see this).`;
  const status = `${STATUS_EMOJI[c.status]} *${statusLabel(c.status)}*${c.statusSince ? ` since ${c.statusSince.when} (${ref(c.statusSince)})` : ''}`;
  const severity = `*${c.severity}*${c.severitySince ? ` since ${c.severitySince.when} (${ref(c.severitySince)})` : ''}`;
  const roles = c.roles.map((r) => `${r.label}: ${r.user ? `<@${r.user}>` : '_nobody_'}`).join(' · ');
  const head = [intro, `${status} · ${severity} · declared ${c.declared}, ${c.age} ago`, roles];
  const update = c.lastUpdate ? [`*Last update* ${line(c.lastUpdate)}`] : ['*Last update:* _none posted yet_'];
  const recent = [
    `*What happened so far*${c.earlier ? ` (last ${c.recent.length}; ${c.earlier} earlier in \`/incident timeline\`)` : ''}`,
    ...(c.recent.length ? c.recent.map((e) => `• ${line(e)}`) : ['_Nothing recorded yet._']),
  ];
  const actions = [
    `*Open action items* (${c.openActions.length})`,
    ...(c.openActions.length
      ? c.openActions.map((a) => `• ${a.label} ${truncate(userText(a.text), 300)}${a.owner ? ` — <@${a.owner}>` : ' — _no owner_'}${a.due ? `, due ${a.due}` : ''}`)
      : ['_None._']),
  ];
  const unknown = ['*Still unknown*', ...(c.unknown.length ? c.unknown.map((u) => `• ${u}`) : ['_Nothing the record lacks._'])];
  const blocks: KnownBlock[] = [
    ...linesToSections(head),
    ...linesToSections(update),
    ...linesToSections(recent),
    ...linesToSections(actions),
    ...linesToSections(unknown),
    contextBlock('Built from the timeline, nothing added. `/incident timeline` shows every entry; `/incident catchup` shows this again.'),
  ].slice(0, 50);
  const text = truncate([intro, `${statusLabel(c.status)} · ${c.severity}`, ...update, ...recent].join('\n'), 3000);
  return { text, blocks };
}
