import type { WorkspaceState } from './state.js';
import type { ChannelRecord, FileRecord, Json, MessageRecord, UserRecord, ViewRecord } from './types.js';

/** Wire shapes: records as Slack's Web API returns them. */

export function channelJson(state: WorkspaceState, c: ChannelRecord): Json {
  const base: Json = {
    id: c.id,
    created: c.created,
    is_archived: c.archived,
    is_im: c.is_im,
    is_mpim: c.is_mpim,
    is_private: c.is_private,
    context_team_id: state.identity.teamId,
  };
  if (c.is_im) return { ...base, user: c.user, is_user_deleted: false, is_open: true };
  return {
    ...base,
    name: c.name,
    name_normalized: c.name,
    is_channel: !c.is_private,
    is_group: c.is_private && !c.is_mpim,
    is_general: false,
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    is_member: state.isBotMember(c),
    creator: c.creator,
    unlinked: 0,
    topic: { value: c.topic, creator: c.topic ? state.identity.botUserId : '', last_set: 0 },
    purpose: { value: c.purpose, creator: c.purpose ? state.identity.botUserId : '', last_set: 0 },
    num_members: c.members.length,
  };
}

export function fileJson(state: WorkspaceState, f: FileRecord): Json {
  const domain = state.identity.teamDomain;
  return {
    id: f.id,
    created: f.created,
    timestamp: f.created,
    name: f.name,
    title: f.title,
    mimetype: 'text/plain',
    filetype: f.name.includes('.') ? f.name.slice(f.name.lastIndexOf('.') + 1) : 'text',
    user: f.user,
    size: f.size,
    is_external: false,
    channels: f.channels.filter((id) => !state.channels.get(id)?.is_private),
    groups: f.channels.filter((id) => state.channels.get(id)?.is_private),
    url_private: `https://files.slack.com/files-pri/${state.identity.teamId}-${f.id}/${encodeURIComponent(f.name)}`,
    permalink: `https://${domain}.slack.com/files/${f.user}/${f.id}/${encodeURIComponent(f.name)}`,
  };
}

export function messageJson(state: WorkspaceState, m: MessageRecord): Json {
  const out: Json = { type: 'message', ts: m.ts, user: m.user, text: m.text, team: state.identity.teamId };
  if (m.bot_id !== undefined) {
    out.bot_id = m.bot_id;
    out.app_id = state.identity.appId;
  }
  if (m.subtype !== undefined) out.subtype = m.subtype;
  if (m.blocks !== undefined) out.blocks = m.blocks;
  if (m.attachments !== undefined) out.attachments = m.attachments;
  if (m.thread_ts !== undefined) out.thread_ts = m.thread_ts;
  if (m.edited !== undefined) out.edited = m.edited;
  if (m.files !== undefined) out.files = m.files.map((f) => fileJson(state, f));
  if (m.reactions.length > 0) out.reactions = m.reactions.map((r) => ({ name: r.name, users: [...r.users], count: r.count }));
  if (m.metadata !== undefined) out.metadata = m.metadata;
  const replies = (state.messages.get(m.channel) ?? []).filter((r) => r.thread_ts === m.ts && r.ts !== m.ts);
  if (replies.length > 0) {
    out.thread_ts = m.ts;
    out.reply_count = replies.length;
    out.reply_users = [...new Set(replies.map((r) => r.user))];
    out.reply_users_count = (out.reply_users as string[]).length;
    out.latest_reply = replies[replies.length - 1]?.ts;
  }
  return out;
}

function tzInfo(tz: string, at: Date): { label: string; offset: number } {
  try {
    const label =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' })
        .formatToParts(at)
        .find((p) => p.type === 'timeZoneName')?.value ?? tz;
    // The wall-clock difference between the zone and UTC at this instant is the zone's offset.
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(at);
    const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
    const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
    const offset = Math.round((wall - Math.floor(at.getTime() / 1000) * 1000) / 1000);
    return { label, offset };
  } catch {
    return { label: tz, offset: 0 };
  }
}

export function userJson(state: WorkspaceState, u: UserRecord): Json {
  const { label, offset } = tzInfo(u.tz, new Date(state.now()));
  const profile: Json = {
    real_name: u.real_name,
    real_name_normalized: u.real_name,
    display_name: u.name,
    display_name_normalized: u.name,
    team: state.identity.teamId,
    image_48: `https://avatars.slack-edge.com/${u.id}_48.png`,
  };
  if (u.email !== undefined) profile.email = u.email;
  if (u.is_bot) profile.bot_id = state.identity.botId;
  return {
    id: u.id,
    team_id: state.identity.teamId,
    name: u.name,
    deleted: false,
    real_name: u.real_name,
    tz: u.tz,
    tz_label: label,
    tz_offset: offset,
    is_bot: u.is_bot,
    is_admin: false,
    is_owner: false,
    is_app_user: false,
    profile,
  };
}

export function viewJson(state: WorkspaceState, v: ViewRecord): Json {
  return {
    type: 'modal',
    private_metadata: '',
    callback_id: '',
    external_id: v.external_id ?? '',
    clear_on_close: false,
    notify_on_close: false,
    submit: null,
    close: null,
    ...v.view,
    id: v.id,
    team_id: state.identity.teamId,
    state: { values: {} },
    hash: v.hash,
    previous_view_id: v.previous_view_id,
    root_view_id: v.root_view_id,
    app_id: state.identity.appId,
    app_installed_team_id: state.identity.teamId,
    bot_id: state.identity.botId,
  };
}
