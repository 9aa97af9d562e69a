import type { KnownBlock } from '@slack/types';
import { HUMAN_KINDS, type TimelineEntry } from '../../domain/timeline.js';
import { escapeText, truncate, userText } from './mrkdwn.js';

const KIND_EMOJI: Partial<Record<TimelineEntry['kind'], string>> = {
  note: ':memo:',
  pin: ':pushpin:',
  update: ':loudspeaker:',
  declared: ':rotating_light:',
  status: ':arrows_counterclockwise:',
  severity: ':warning:',
  role: ':bust_in_silhouette:',
  time: ':clock3:',
  field: ':pencil2:',
  escalation: ':arrow_up:',
  page: ':pager:',
  ack: ':ok_hand:',
  action: ':ballot_box_with_check:',
  closed: ':lock:',
  reopened: ':unlock:',
  postmortem: ':page_facing_up:',
  correction: ':pencil2:',
  alert: ':bell:',
};

/** `:memo: 7:05 PM EAT — The DBAs were alerted (by @ana)`, user text escaped, mentions kept. */
export function entryLine(entry: TimelineEntry, when: (at: number) => string): string {
  const emoji = KIND_EMOJI[entry.kind] ?? ':small_blue_diamond:';
  if (entry.kind === 'pin' && entry.pin) {
    const body = entry.pin.deleted ? `_(message deleted)_ ${userText(entry.text)}` : userText(entry.text);
    const edited = entry.pin.history?.length ? ' _(edited)_' : '';
    const link = entry.pin.permalink ? ` <${entry.pin.permalink}|view>` : '';
    const who = entry.author ? ` (<@${entry.author}>)` : '';
    return `${emoji} ${when(entry.at)} — ${body}${edited}${who}${link}`;
  }
  if (entry.kind === 'alert') {
    // Alert text comes from outside (a monitoring payload): all of it is shown as text, even `<@…>`; only our own source link stays a link.
    const m = /^([\s\S]*?)( <https?:\/\/[^\s<>|]+\|source>)?$/.exec(entry.text);
    return `${emoji} ${when(entry.at)} — ${escapeText(m?.[1] ?? entry.text)}${m?.[2] ?? ''}`;
  }
  const by = entry.author && HUMAN_KINDS.has(entry.kind) ? ` (by <@${entry.author}>)` : '';
  if (entry.deleted) return `${emoji} ${when(entry.at)} — ~${userText(entry.text)}~${by} _(deleted by <@${entry.deleted.by}>)_`;
  const corrected = entry.history?.length ? ' _(corrected)_' : '';
  return `${emoji} ${when(entry.at)} — ${userText(entry.text)}${by}${corrected}`;
}

/**
 * Packs lines into section blocks of at most 3,000 characters; a line longer than a block
 * is split across several, never cut, because the timeline is the record.
 */
/**
 * How long a text may become on its way to Slack: `<`, `>` and `&` that are not a mention or link
 * are escaped at the boundary (slack/api/escape.ts), so each may grow by up to four characters.
 */
function wireLength(text: string): number {
  let extra = 0;
  for (const c of text) if (c === '<' || c === '>' || c === '&') extra += 4;
  return text.length + extra;
}

export function linesToSections(lines: string[], max = 3000): KnownBlock[] {
  const chunks: string[] = [];
  let current = '';
  const flush = (): void => {
    if (current) chunks.push(current);
    current = '';
  };
  for (const line of lines) {
    if (wireLength(line) > max) {
      flush();
      // A line this long is cut where even a fully escaped piece stays within the limit.
      const step = Math.floor(max / 5);
      for (let i = 0; i < line.length; i += step) chunks.push(line.slice(i, i + step));
      continue;
    }
    if (wireLength(current) + wireLength(line) + 1 > max) flush();
    current = current ? `${current}\n${line}` : line;
  }
  flush();
  return chunks.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

export function contextBlock(text: string): KnownBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, 3000) }] };
}
