import type { PageHandler } from './server.js';
import type { WorkspaceState } from './state.js';

/** A Block Kit block or view as received: decoded JSON, shape not trusted. */
export type Json = Record<string, unknown>;

export interface StandinOptions {
  port?: number;
  host?: string;
  /** The only token accepted; anything else is `invalid_auth`, nothing at all is `not_authed`. */
  botToken: string;
  /** Used by the Slack side to sign requests to the app. */
  signingSecret: string;
  teamId?: string;
  teamDomain?: string;
  botUserId?: string;
  /** Where the app listens, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl?: string;
  /** When true, per-method tier limits from the specs answer 429 (t1 1, t2 20, t3 50, t4 100 a minute; chat.postMessage ~1/s per channel). */
  enforceRateTiers?: boolean;
  /**
   * Bot scopes granted to the token. Left out, every scope is granted. Given, a method needs one of its
   * spec's bot scopes (else `missing_scope`), and posting to a public channel the bot is not in needs
   * `chat:write.public` (else `not_in_channel`), as on Slack.
   */
  scopes?: string[];
  /** Clock for trigger expiry, response_url windows, rate windows and message ts; defaults to Date.now. Request signatures always use the real clock, because the app checks them against its own. */
  now?: () => number;
}

export interface UserRecord {
  id: string;
  name: string;
  real_name: string;
  tz: string;
  email?: string;
  is_bot: boolean;
}

export interface ChannelRecord {
  id: string;
  name: string;
  is_private: boolean;
  is_im: boolean;
  is_mpim: boolean;
  /** For a DM: the human on the other side. */
  user?: string;
  members: string[];
  topic: string;
  purpose: string;
  archived: boolean;
  creator: string;
  /** Unix seconds. */
  created: number;
}

export interface ReactionRecord {
  name: string;
  users: string[];
  count: number;
}

export interface MessageRecord {
  ts: string;
  channel: string;
  user: string;
  bot_id?: string;
  text: string;
  blocks?: Json[];
  attachments?: Json[];
  thread_ts?: string;
  subtype?: string;
  edited?: { user: string; ts: string };
  files?: FileRecord[];
  reactions: ReactionRecord[];
  metadata?: Json;
}

export interface PinRecord {
  ts: string;
  pinned_by: string;
  created: number;
}

export interface EphemeralRecord {
  channel: string;
  user: string;
  text: string;
  blocks?: Json[];
  ts: string;
  thread_ts?: string;
}

export interface ViewRecord {
  id: string;
  trigger_id: string;
  user: string;
  /** The view as the app sent it (title, blocks, callback_id, private_metadata, …). */
  view: Json;
  hash: string;
  root_view_id: string;
  previous_view_id: string | null;
  external_id?: string;
  /** Closed by `response_action: clear`, by an empty submission ack, or replaced on the stack. */
  closed: boolean;
}

export interface FileRecord {
  id: string;
  name: string;
  title: string;
  /** The uploaded bytes read as UTF-8; empty until the bytes arrive. */
  content: string;
  size: number;
  /** Length announced in files.getUploadURLExternal. */
  expected_length: number;
  uploaded: boolean;
  /** Set by files.completeUploadExternal. */
  completed: boolean;
  channels: string[];
  user: string;
  created: number;
  alt_text?: string;
  snippet_type?: string;
}

export interface BookmarkRecord {
  id: string;
  channel_id: string;
  title: string;
  type: string;
  link: string;
  emoji?: string;
  created_by: string;
  date_created: number;
}

export interface UsergroupRecord {
  id: string;
  handle: string;
  users: string[];
}

export interface CanvasRecord {
  id: string;
  title: string;
  markdown: string;
  channel_id?: string;
}

export interface TriggerRecord {
  id: string;
  user: string;
  issued_at: number;
  used: boolean;
  /** Set when the trigger came from an interaction inside a modal, so views.push knows the stack. */
  view_id?: string;
}

export interface ResponseUrlRecord {
  id: string;
  url: string;
  channel: string;
  user: string;
  /** Set when the response_url came from a button on a message: replace/delete_original act on it. */
  message_ts?: string;
  created: number;
  uses: number;
}

export interface RecordedCall {
  method: string;
  /** Arguments as parsed, JSON fields (blocks, view, files, …) decoded; `token` left out. */
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  /** HTTP status of the answer (200, or 429 / an injected status). */
  status: number;
  at: number;
}

export interface ResponseUrlPost {
  id: string;
  body: Json;
  /** HTTP status the sink answered with (200, 404 used_url / expired_url, 400 for a bad body). */
  status: number;
  at: number;
}

export interface CommandResult {
  status: number;
  /** The app's ack body as text. */
  body: string;
  ackMs: number;
  responseUrl: string;
  triggerId: string;
}

export interface EventResult {
  /** False when nothing was sent, e.g. a reaction in a channel the bot is not in. */
  delivered: boolean;
  status: number;
  body: string;
  ms: number;
  eventId?: string;
  triggerId?: string;
  responseUrl?: string;
}

export interface ViewSubmitResult {
  status: number;
  /** Parsed JSON ack body (response_action …), undefined when the ack was empty. */
  body: unknown;
  raw: string;
  ms: number;
  triggerId: string;
}

export interface SignedPostResult {
  status: number;
  body: string;
  ms: number;
}

/** A person clicking a button on a message (`channel` + `messageTs`) or in a modal (`viewId`). */
export interface ClickButton {
  user: string;
  channel?: string;
  messageTs?: string;
  viewId?: string;
  actionId: string;
  value?: string;
  blockId?: string;
}

export interface Standin {
  url: string;
  apiUrl: string;
  teamId: string;
  botUserId: string;
  state: WorkspaceState;
  calls: RecordedCall[];
  responses: ResponseUrlPost[];
  setAppUrl(url: string): void;
  addUser(u: { id: string; name: string; realName?: string; tz?: string; email?: string; isBot?: boolean }): void;
  addChannel(c: { id?: string; name: string; isPrivate?: boolean; members?: string[] }): ChannelRecord;
  addUsergroup(g: { id: string; handle: string; users: string[] }): void;
  failNext(method: string, error: string, times?: number): void;
  rateLimitNext(method: string, times?: number, retryAfterSec?: number): void;
  failHttpNext(method: string, status: number, times?: number): void;
  /** The next calls do their work but answer only after `ms` (a timeout, or a caller killed meanwhile). */
  slowNext(method: string, ms: number, times?: number): void;
  /** The next calls do their work, then answer with HTTP `status`: the caller cannot tell it happened. */
  loseAnswerNext(method: string, status: number, times?: number): void;
  sendCommand(c: { user: string; channel: string; text: string; command?: string }): Promise<CommandResult>;
  postMessageAsUser(user: string, channel: string, text: string, opts?: { threadTs?: string }): MessageRecord;
  addReaction(user: string, channel: string, ts: string, name: string): Promise<EventResult>;
  removeReaction(user: string, channel: string, ts: string, name: string): Promise<EventResult>;
  editMessage(channel: string, ts: string, newText: string): Promise<EventResult>;
  deleteMessage(channel: string, ts: string): Promise<EventResult>;
  /** The user joins the channel; `member_joined_channel` goes to the app when the bot is in it. */
  joinChannel(user: string, channel: string, opts?: { inviter?: string }): Promise<EventResult>;
  deliverEvent(event: object, opts?: { eventId?: string; retryNum?: number; retryReason?: string }): Promise<EventResult>;
  clickButton(a: ClickButton): Promise<EventResult>;
  submitView(a: { user: string; viewId: string; values: Record<string, Record<string, unknown>> }): Promise<ViewSubmitResult>;
  /** Runs a message shortcut (`callbackId`) on a message, as a person would from its menu. */
  sendMessageShortcut(a: { user: string; channel: string; messageTs: string; callbackId: string }): Promise<EventResult>;
  /** Calls `fn` after anything may have changed the workspace (a Web API call, an upload, a response_url post). */
  onChange(fn: () => void): () => void;
  /** Tells the change listeners; for changes made outside the HTTP endpoints (e.g. a person posting). */
  notifyChange(): void;
  /** The one handler asked first for every request outside Slack's endpoints (the sandbox page). */
  setPageHandler(handler: PageHandler | undefined): void;
  signedPost(
    path: string,
    body: string,
    contentType: string,
    opts?: { timestamp?: number; signature?: string; headers?: Record<string, string> },
  ): Promise<SignedPostResult>;
  waitFor<T>(fn: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  reset(): void;
  close(): Promise<void>;
}
