import type { WorkspaceState } from '../state.js';
import type { ChannelRecord, EphemeralRecord, MessageRecord, UserRecord } from '../types.js';
import { blocksHtml } from './blocks-html.js';
import { type Names, escapeHtml, emoji, mrkdwnToHtml } from './mrkdwn-html.js';

/** The workspace as one person sees it: sidebar, the open channel, its messages. */

export interface ReadMarks {
  /** Last ts this person has seen in a channel. */
  get(user: string, channel: string): string | undefined;
}

export interface Marks {
  drillChannels: ReadonlySet<string>;
}

export function namesOf(state: WorkspaceState): Names {
  return {
    user: (id) => state.users.get(id)?.name,
    channel: (id) => state.channels.get(id)?.name,
  };
}

/** Channels a person has in their sidebar: the ones they are in, plus public ones to browse; and their DM with the bot. */
export function visibleChannels(state: WorkspaceState, user: string): { channels: ChannelRecord[]; dms: ChannelRecord[] } {
  const all = [...state.channels.values()];
  const channels = all
    .filter((c) => !c.is_im && !c.is_mpim && !c.archived && (!c.is_private || c.members.includes(user)))
    .sort((a, b) => (a.name === 'general' ? -1 : b.name === 'general' ? 1 : a.created - b.created || a.name.localeCompare(b.name)));
  const dms = all.filter((c) => (c.is_im && c.user === user) || (c.is_mpim && c.members.includes(user)));
  return { channels, dms };
}

function topLevel(state: WorkspaceState, channel: string): MessageRecord[] {
  return (state.messages.get(channel) ?? []).filter((m) => m.thread_ts === undefined || m.thread_ts === m.ts);
}

export function unreadCount(state: WorkspaceState, marks: ReadMarks, user: string, channel: string): number {
  const seen = Number(marks.get(user, channel) ?? '0');
  return topLevel(state, channel).filter((m) => Number(m.ts) > seen && m.user !== user).length;
}

export function sidebarHtml(state: WorkspaceState, marks: ReadMarks, user: string, open: string | undefined, flags: Marks): string {
  const { channels, dms } = visibleChannels(state, user);
  const item = (c: ChannelRecord, label: string): string => {
    const unread = c.id === open ? 0 : unreadCount(state, marks, user, c.id);
    const cls = ['ch', c.id === open ? 'open' : '', unread ? 'unread' : '', c.members.includes(user) ? '' : 'not-member'].filter(Boolean).join(' ');
    const drill = flags.drillChannels.has(c.id) ? ' <span class="drill-tag">drill</span>' : '';
    const badge = unread ? ` <span class="badge" title="${unread} unread">${unread}</span>` : '';
    return `<li><a href="#" class="${cls}" data-channel="${c.id}"><span class="name">${label}</span>${drill}${badge}</a></li>`;
  };
  const dmLabel = (c: ChannelRecord): string =>
    c.is_im ? '● warroom <span class="app-tag">app</span>' : escapeHtml(c.members.map((m) => state.users.get(m)?.name ?? m).join(', '));
  return `<h3>Channels</h3><ul>${channels.map((c) => item(c, `${c.is_private ? '🔒' : '#'} ${escapeHtml(c.name)}`)).join('')}</ul>
<h3>Direct messages</h3><ul>${dms.length ? dms.map((c) => item(c, dmLabel(c))).join('') : '<li class="empty">No messages from the bot yet</li>'}</ul>`;
}

function clock(ts: string, tz: string): string {
  const d = new Date(Number(ts) * 1000);
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', minute: '2-digit', second: '2-digit' }).format(d);
  } catch {
    return d.toISOString().slice(11, 19);
  }
}

function author(state: WorkspaceState, id: string): string {
  const u = state.users.get(id);
  if (!u) return escapeHtml(id);
  return u.is_bot ? `${escapeHtml(u.name)} <span class="app-tag">app</span>` : escapeHtml(u.real_name || u.name);
}

function body(text: string, blocks: unknown, names: Names): string {
  return Array.isArray(blocks) && blocks.length > 0 ? `<div class="blocks">${blocksHtml(blocks, names)}</div>` : `<div class="text">${mrkdwnToHtml(text, names)}</div>`;
}

function messageHtml(state: WorkspaceState, m: MessageRecord, viewer: UserRecord, pinned: boolean, names: Names): string {
  const reactions = m.reactions
    .map((r) => `<span class="reaction${r.users.includes(viewer.id) ? ' mine' : ''}" title="${escapeHtml(r.users.map((u) => state.users.get(u)?.name ?? u).join(', '))}">${emoji(r.name) ?? `:${escapeHtml(r.name)}:`} ${r.count}</span>`)
    .join('');
  const files = (m.files ?? [])
    .map((f) => `<a class="file" href="/sandbox/files/${encodeURIComponent(f.id)}" target="_blank" data-file="${escapeHtml(f.id)}">📄 ${escapeHtml(f.title || f.name)}</a>`)
    .join('');
  const thread = m.thread_ts !== undefined && m.thread_ts !== m.ts ? ' in-thread' : '';
  return `<div class="msg${pinned ? ' pinned' : ''}${thread}" data-ts="${m.ts}">
  ${pinned ? '<div class="pin-mark">📌 Pinned</div>' : ''}
  <div class="meta"><span class="who">${author(state, m.user)}</span> <span class="when">${clock(m.ts, viewer.tz)}</span>${m.edited ? ' <span class="edited">(edited)</span>' : ''}</div>
  ${body(m.text, m.blocks, names)}${files ? `<div class="files">${files}</div>` : ''}${reactions ? `<div class="reactions">${reactions}</div>` : ''}
  <div class="msg-actions"><button type="button" class="icon" data-pin title="Add 📌 (a pushpin reaction)">📌</button><button type="button" class="icon" data-shortcut="add_to_timeline" title="Message shortcut: Add to timeline">⋯ Add to timeline</button></div>
</div>`;
}

function ephemeralHtml(e: EphemeralRecord, viewer: UserRecord, names: Names): string {
  return `<div class="msg ephemeral" data-ts="${e.ts}">
  <div class="meta"><span class="who">warroom <span class="app-tag">app</span></span> <span class="when">${clock(e.ts, viewer.tz)}</span> <span class="only-you">👁 Only visible to you</span></div>
  ${body(e.text, e.blocks, names)}</div>`;
}

export function channelHtml(state: WorkspaceState, viewer: UserRecord, channel: ChannelRecord | undefined, flags: Marks): string {
  if (!channel) return '<div class="empty">Pick a channel on the left.</div>';
  const names = namesOf(state);
  const pins = new Set((state.pins.get(channel.id) ?? []).map((p) => p.ts));
  const items: { ts: string; html: string }[] = [
    ...(state.messages.get(channel.id) ?? []).map((m) => ({ ts: m.ts, html: messageHtml(state, m, viewer, pins.has(m.ts), names) })),
    ...state.ephemerals.filter((e) => e.channel === channel.id && e.user === viewer.id).map((e) => ({ ts: e.ts, html: ephemeralHtml(e, viewer, names) })),
  ].sort((a, b) => Number(a.ts) - Number(b.ts));
  const title = channel.is_im ? 'warroom <span class="app-tag">app</span>' : `${channel.is_private ? '🔒' : '#'} ${escapeHtml(channel.name)}`;
  const drill = flags.drillChannels.has(channel.id) ? ' <span class="drill-tag" title="A rehearsal, not a real incident">DRILL</span>' : '';
  const topic = channel.topic ? `<div class="topic" title="Channel topic">${mrkdwnToHtml(channel.topic, names)}</div>` : '';
  const joined = channel.members.includes(viewer.id) || channel.is_im ? '' : '<div class="notice">You are not a member of this channel; you can read it, as in Slack.</div>';
  return `<header class="ch-head" data-open-channel="${channel.id}"><h2>${title}${drill}</h2>${topic}${pins.size ? `<div class="pins-count">📌 ${pins.size} pinned</div>` : ''}</header>
${joined}<div class="messages">${items.map((i) => i.html).join('\n') || '<div class="empty">No messages yet.</div>'}</div>`;
}
