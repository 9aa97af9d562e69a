import { randomBytes } from 'node:crypto';
import { LIMITS } from './limits.js';
import type {
  BookmarkRecord,
  CanvasRecord,
  ChannelRecord,
  EphemeralRecord,
  FileRecord,
  MessageRecord,
  PinRecord,
  ResponseUrlRecord,
  TriggerRecord,
  UserRecord,
  UsergroupRecord,
  ViewRecord,
} from './types.js';

export interface WorkspaceIdentity {
  teamId: string;
  teamDomain: string;
  botUserId: string;
  botId: string;
  appId: string;
}

/** Slack ts strings ("1716224700.000100") as integer microseconds, for ordering and range filters. */
export function tsToMicros(ts: string): number | undefined {
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(ts);
  if (!m || m[1] === undefined) return undefined;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').padEnd(6, '0'));
}

function microsToTs(micros: number): string {
  const sec = Math.floor(micros / 1_000_000);
  return `${sec}.${String(micros % 1_000_000).padStart(6, '0')}`;
}

/**
 * Everything the fake workspace knows. Tests read it directly; Web API handlers and the Slack side
 * mutate it. Collections are keyed the way Slack addresses them (by channel id, by file id, …).
 */
export interface WorkspaceSnapshot {
  users: UserRecord[];
  channels: ChannelRecord[];
  messages: [string, MessageRecord[]][];
  pins: [string, PinRecord[]][];
  files: FileRecord[];
  bookmarks: [string, BookmarkRecord[]][];
  usergroups: UsergroupRecord[];
  dms: [string, string][];
  lastTsMicros: number;
  counter: number;
}

export class WorkspaceState {
  readonly users = new Map<string, UserRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  /** Per channel, oldest first; thread replies live here too, with `thread_ts`. */
  readonly messages = new Map<string, MessageRecord[]>();
  readonly pins = new Map<string, PinRecord[]>();
  readonly ephemerals: EphemeralRecord[] = [];
  /** Texts refused because Slack would render a `<…>` in them broken (see markup.ts). */
  readonly markupProblems: { where: string; broken: string[]; text: string }[] = [];
  readonly views = new Map<string, ViewRecord>();
  readonly files = new Map<string, FileRecord>();
  readonly bookmarks = new Map<string, BookmarkRecord[]>();
  readonly usergroups = new Map<string, UsergroupRecord>();
  readonly canvases = new Map<string, CanvasRecord>();
  /** user id → DM channel id. */
  readonly dms = new Map<string, string>();
  readonly triggers = new Map<string, TriggerRecord>();
  readonly responseUrls = new Map<string, ResponseUrlRecord>();

  private lastTsMicros = 0;
  private counter = 0;

  constructor(
    readonly identity: WorkspaceIdentity,
    readonly now: () => number,
  ) {
    this.addBotUser();
  }

  /** Unique and strictly increasing, like Slack's, even for several messages in one millisecond. */
  nextTs(): string {
    this.lastTsMicros = Math.max(this.now() * 1000, this.lastTsMicros + 1);
    return microsToTs(this.lastTsMicros);
  }

  /** Slack-looking ids: a prefix, then upper-case base 36 (e.g. C0000001A). */
  newId(prefix: string): string {
    this.counter += 1;
    return `${prefix}${this.counter.toString(36).toUpperCase().padStart(8, '0')}`;
  }

  nowSec(): number {
    return Math.floor(this.now() / 1000);
  }

  channelByName(name: string): ChannelRecord | undefined {
    for (const c of this.channels.values()) if (!c.is_im && !c.is_mpim && c.name === name) return c;
    return undefined;
  }

  messagesIn(channel: string): MessageRecord[] {
    let list = this.messages.get(channel);
    if (!list) {
      list = [];
      this.messages.set(channel, list);
    }
    return list;
  }

  findMessage(channel: string, ts: string): MessageRecord | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  pinsIn(channel: string): PinRecord[] {
    let list = this.pins.get(channel);
    if (!list) {
      list = [];
      this.pins.set(channel, list);
    }
    return list;
  }

  isMember(channel: ChannelRecord, user: string): boolean {
    return channel.members.includes(user);
  }

  isBotMember(channel: ChannelRecord): boolean {
    return channel.members.includes(this.identity.botUserId);
  }

  addMessage(m: Omit<MessageRecord, 'ts' | 'reactions'> & { ts?: string }): MessageRecord {
    const record: MessageRecord = { ...m, ts: m.ts ?? this.nextTs(), reactions: [] };
    this.messagesIn(m.channel).push(record);
    return record;
  }

  removeMessage(channel: string, ts: string): MessageRecord | undefined {
    const list = this.messages.get(channel);
    const i = list?.findIndex((m) => m.ts === ts) ?? -1;
    if (!list || i < 0) return undefined;
    const [removed] = list.splice(i, 1);
    const pins = this.pins.get(channel);
    if (pins) this.pins.set(channel, pins.filter((p) => p.ts !== ts));
    return removed;
  }

  /** Adds `user`'s reaction; answers the Slack error code instead when it cannot. */
  react(m: MessageRecord, name: string, user: string): 'already_reacted' | 'too_many_reactions' | undefined {
    const r = m.reactions.find((x) => x.name === name);
    if (r?.users.includes(user)) return 'already_reacted';
    if (r) {
      r.users.push(user);
      r.count += 1;
      return undefined;
    }
    if (m.reactions.length >= LIMITS.distinctReactions) return 'too_many_reactions';
    m.reactions.push({ name, users: [user], count: 1 });
    return undefined;
  }

  unreact(m: MessageRecord, name: string, user: string): 'no_reaction' | undefined {
    const r = m.reactions.find((x) => x.name === name);
    if (!r?.users.includes(user)) return 'no_reaction';
    r.users = r.users.filter((u) => u !== user);
    r.count -= 1;
    if (r.count === 0) m.reactions = m.reactions.filter((x) => x !== r);
    return undefined;
  }

  /** The DM between the bot and `user`; the same channel every time, as on Slack. */
  openDm(user: string): ChannelRecord {
    const existing = this.dms.get(user);
    const found = existing === undefined ? undefined : this.channels.get(existing);
    if (found) return found;
    const bot = this.identity.botUserId;
    const channel: ChannelRecord = {
      id: this.newId('D0'),
      name: user,
      is_private: true,
      is_im: true,
      is_mpim: false,
      user,
      members: [bot, user],
      topic: '',
      purpose: '',
      archived: false,
      creator: bot,
      created: this.nowSec(),
    };
    this.channels.set(channel.id, channel);
    this.dms.set(user, channel.id);
    return channel;
  }

  /** Group DM of the bot and several users, found again by its exact member set. */
  openMpim(users: string[]): ChannelRecord {
    const bot = this.identity.botUserId;
    const members = [...new Set([bot, ...users])].sort();
    for (const c of this.channels.values()) {
      if (c.is_mpim && [...c.members].sort().join() === members.join()) return c;
    }
    const channel: ChannelRecord = {
      id: this.newId('G0'),
      name: `mpdm-${members.join('--')}-1`,
      is_private: true,
      is_im: false,
      is_mpim: true,
      members,
      topic: '',
      purpose: '',
      archived: false,
      creator: bot,
      created: this.nowSec(),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** Triggers look like Slack's ("12345.98765.abcd2358fdea"). */
  issueTrigger(user: string, viewId?: string): TriggerRecord {
    this.counter += 1;
    const id = `${this.counter}.${this.nowSec()}.${randomBytes(12).toString('hex')}`;
    const t: TriggerRecord = { id, user, issued_at: this.now(), used: false };
    if (viewId !== undefined) t.view_id = viewId;
    this.triggers.set(id, t);
    return t;
  }

  issueResponseUrl(baseUrl: string, channel: string, user: string, messageTs?: string): ResponseUrlRecord {
    const id = `${this.identity.teamId}-${randomBytes(12).toString('hex')}`;
    const r: ResponseUrlRecord = { id, url: `${baseUrl}/response/${id}`, channel, user, created: this.now(), uses: 0 };
    if (messageTs !== undefined) r.message_ts = messageTs;
    this.responseUrls.set(id, r);
    return r;
  }

  /** Everything worth keeping across a restart of the sandbox (triggers and response_urls expire anyway). */
  snapshot(): WorkspaceSnapshot {
    return {
      users: [...this.users.values()],
      channels: [...this.channels.values()],
      messages: [...this.messages.entries()],
      pins: [...this.pins.entries()],
      files: [...this.files.values()],
      bookmarks: [...this.bookmarks.entries()],
      usergroups: [...this.usergroups.values()],
      dms: [...this.dms.entries()],
      lastTsMicros: this.lastTsMicros,
      counter: this.counter,
    };
  }

  restore(snap: WorkspaceSnapshot): void {
    for (const u of snap.users) this.users.set(u.id, u);
    for (const c of snap.channels) this.channels.set(c.id, c);
    for (const [k, v] of snap.messages) this.messages.set(k, v);
    for (const [k, v] of snap.pins) this.pins.set(k, v);
    for (const f of snap.files) this.files.set(f.id, f);
    for (const [k, v] of snap.bookmarks) this.bookmarks.set(k, v);
    for (const g of snap.usergroups) this.usergroups.set(g.id, g);
    for (const [k, v] of snap.dms) this.dms.set(k, v);
    this.lastTsMicros = Math.max(this.lastTsMicros, snap.lastTsMicros);
    this.counter = Math.max(this.counter, snap.counter);
  }

  reset(): void {
    for (const m of [
      this.users,
      this.channels,
      this.messages,
      this.pins,
      this.views,
      this.files,
      this.bookmarks,
      this.usergroups,
      this.canvases,
      this.dms,
      this.triggers,
      this.responseUrls,
    ] as Map<string, unknown>[]) {
      m.clear();
    }
    this.ephemerals.length = 0;
    this.markupProblems.length = 0;
    this.addBotUser();
  }

  private addBotUser(): void {
    const id = this.identity.botUserId;
    this.users.set(id, { id, name: 'warroom', real_name: 'warroom', tz: 'UTC', is_bot: true });
  }
}
