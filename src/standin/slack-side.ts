import { applyResponse } from './response-url.js';
import { signRequest } from './signing.js';
import type { WorkspaceState } from './state.js';
import type { ChannelRecord, CommandResult, Json, SignedPostResult, UserRecord } from './types.js';

export interface SlackSideDeps {
  state: WorkspaceState;
  signingSecret: string;
  /** Base URL of the stand-in, for response_urls. */
  standinUrl: string;
  appUrl: () => string | undefined;
  /** The legacy verification token Slack still puts in every payload. */
  verificationToken: string;
}

/** Exact content types Bolt's HTTPReceiver accepts: no `; charset` on forms, or it answers 400. */
export const FORM = 'application/x-www-form-urlencoded';
export const JSON_TYPE = 'application/json';
/** Longer than Bolt's 3001 ms unhandled-request timeout, so a missing ack shows up as Bolt's 404. */
const REQUEST_TIMEOUT_MS = 15_000;

export interface SignedPostOptions {
  timestamp?: number;
  signature?: string;
  headers?: Record<string, string>;
}

function appTarget(deps: SlackSideDeps, path?: string): string {
  const app = deps.appUrl();
  if (app === undefined) throw new Error('stand-in: no app URL yet; pass appUrl or call setAppUrl first');
  return path === undefined ? app : new URL(path, app).toString();
}

/** Signs with the real clock, whatever the stand-in's clock says: the app checks against its own. */
export async function signedPost(
  deps: SlackSideDeps,
  path: string | undefined,
  body: string,
  contentType: string,
  opts: SignedPostOptions = {},
): Promise<SignedPostResult> {
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const started = performance.now();
  const res = await fetch(appTarget(deps, path), {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? signRequest(deps.signingSecret, body, timestamp),
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      ...opts.headers,
    },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  return { status: res.status, body: text, ms: performance.now() - started };
}

export function knownUser(state: WorkspaceState, id: string): UserRecord {
  const u = state.users.get(id);
  if (!u) throw new Error(`stand-in: unknown user ${id}; addUser first (Slack only sends actions by real users)`);
  return u;
}

export function knownChannel(state: WorkspaceState, id: string): ChannelRecord {
  const c = state.channels.get(id);
  if (!c) throw new Error(`stand-in: unknown channel ${id}; addChannel first`);
  return c;
}

/** What Slack puts in `channel_name` and payload `channel.name`. */
export function channelName(c: ChannelRecord): string {
  if (c.is_im) return 'directmessage';
  return c.name;
}

export function userRef(state: WorkspaceState, u: UserRecord): Json {
  return { id: u.id, username: u.name, name: u.name, team_id: state.identity.teamId };
}

/** Slack shows a non-empty ack body to the user, as if it had been posted to the response_url. */
function showAckBody(state: WorkspaceState, responseUrlId: string, status: number, body: string): void {
  const r = state.responseUrls.get(responseUrlId);
  if (status !== 200 || body.trim() === '' || !r) return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = { text: body };
  }
  if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) applyResponse(state, r, parsed as Json);
}

export async function sendCommand(
  deps: SlackSideDeps,
  c: { user: string; channel: string; text: string; command?: string },
): Promise<CommandResult> {
  const { state } = deps;
  const user = knownUser(state, c.user);
  const channel = knownChannel(state, c.channel);
  const trigger = state.issueTrigger(user.id);
  const responseUrl = state.issueResponseUrl(deps.standinUrl, channel.id, user.id);
  // Field order and names as Slack sends them (Bolt's SlashCommand type).
  const form = new URLSearchParams({
    token: deps.verificationToken,
    team_id: state.identity.teamId,
    team_domain: state.identity.teamDomain,
    channel_id: channel.id,
    channel_name: channelName(channel),
    user_id: user.id,
    user_name: user.name,
    command: c.command ?? '/incident',
    text: c.text,
    api_app_id: state.identity.appId,
    is_enterprise_install: 'false',
    response_url: responseUrl.url,
    trigger_id: trigger.id,
  });
  const res = await signedPost(deps, undefined, form.toString(), FORM);
  showAckBody(state, responseUrl.id, res.status, res.body);
  return { status: res.status, body: res.body, ackMs: res.ms, responseUrl: responseUrl.url, triggerId: trigger.id };
}
