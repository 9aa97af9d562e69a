import { randomBytes } from 'node:crypto';
import type { ApiDeps } from './api.js';
import { createFaults } from './faults.js';
import { createRateLimiter } from './rate-limits.js';
import { closeServer, listen, type ServerDeps } from './server.js';
import { addReaction, deleteMessage, deliverEvent, editMessage, joinChannel, postMessageAsUser, removeReaction } from './slack-events.js';
import { clickButton, sendMessageShortcut, submitView } from './slack-interactions.js';
import { type SlackSideDeps, sendCommand, signedPost } from './slack-side.js';
import { WorkspaceState } from './state.js';
import type { ChannelRecord, RecordedCall, ResponseUrlPost, Standin, StandinOptions } from './types.js';

export { signRequest } from './signing.js';
export { WorkspaceState, tsToMicros } from './state.js';
export { LIMITS } from './limits.js';
export { METHOD_SPECS, type MethodSpec, type RateTier } from './method-specs.js';
export { RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL_MS } from './response-url.js';
export { TRIGGER_TTL_MS } from './methods/views.js';
export type * from './types.js';
export type { PageHandler } from './server.js';

const POLL_MS = 20;

async function waitFor<T>(fn: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() >= deadline) throw new Error(`stand-in: waitFor gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export async function startStandin(opts: StandinOptions): Promise<Standin> {
  const now = opts.now ?? Date.now;
  const teamId = opts.teamId ?? 'T0WARROOM';
  const botUserId = opts.botUserId ?? 'UWARROOMBOT';
  const state = new WorkspaceState(
    { teamId, teamDomain: opts.teamDomain ?? 'warroom-sandbox', botUserId, botId: 'B0WARROOM', appId: 'A0WARROOM' },
    now,
  );
  const calls: RecordedCall[] = [];
  const responses: ResponseUrlPost[] = [];
  const faults = createFaults();
  const limiter = opts.enforceRateTiers ? createRateLimiter(now) : undefined;
  const api: ApiDeps = {
    state,
    url: '',
    botToken: opts.botToken,
    scopes: opts.scopes ? new Set(opts.scopes) : undefined,
    faults,
    limiter,
    calls,
  };
  const listeners = new Set<() => void>();
  const notifyChange = (): void => {
    for (const fn of listeners) fn();
  };
  const serverDeps: ServerDeps = { api, responses, changed: notifyChange };
  const { server, url } = await listen(serverDeps, opts.host ?? '127.0.0.1', opts.port ?? 0);
  api.url = url;
  let appUrl = opts.appUrl;
  const side: SlackSideDeps = {
    state,
    signingSecret: opts.signingSecret,
    standinUrl: url,
    appUrl: () => appUrl,
    verificationToken: randomBytes(12).toString('hex'),
  };

  return {
    url,
    apiUrl: `${url}/api/`,
    teamId,
    botUserId,
    state,
    calls,
    responses,
    setAppUrl(u) {
      appUrl = u;
    },
    addUser(u) {
      state.users.set(u.id, {
        id: u.id,
        name: u.name,
        real_name: u.realName ?? u.name,
        tz: u.tz ?? 'UTC',
        ...(u.email !== undefined ? { email: u.email } : {}),
        is_bot: u.isBot ?? false,
      });
    },
    addChannel(c) {
      const isPrivate = c.isPrivate ?? false;
      if (state.channelByName(c.name)) throw new Error(`stand-in: a channel named ${c.name} already exists`);
      const channel: ChannelRecord = {
        id: c.id ?? state.newId(isPrivate ? 'G0' : 'C0'),
        name: c.name,
        is_private: isPrivate,
        is_im: false,
        is_mpim: false,
        members: [...(c.members ?? [])],
        topic: '',
        purpose: '',
        archived: false,
        creator: c.members?.[0] ?? botUserId,
        created: state.nowSec(),
      };
      state.channels.set(channel.id, channel);
      return channel;
    },
    addUsergroup(g) {
      state.usergroups.set(g.id, { id: g.id, handle: g.handle, users: [...g.users] });
    },
    failNext(method, error, times = 1) {
      faults.add(method, { kind: 'error', error }, times);
    },
    rateLimitNext(method, times = 1, retryAfterSec = 1) {
      faults.add(method, { kind: 'ratelimited', retryAfterSec }, times);
    },
    failHttpNext(method, status, times = 1) {
      faults.add(method, { kind: 'http', status }, times);
    },
    slowNext(method, ms, times = 1) {
      faults.add(method, { kind: 'slow', ms }, times);
    },
    loseAnswerNext(method, status, times = 1) {
      faults.add(method, { kind: 'lost', status }, times);
    },
    sendCommand: (c) => sendCommand(side, c),
    postMessageAsUser: (user, channel, text, o) => postMessageAsUser(side, user, channel, text, o),
    addReaction: (user, channel, ts, name) => addReaction(side, user, channel, ts, name),
    removeReaction: (user, channel, ts, name) => removeReaction(side, user, channel, ts, name),
    editMessage: (channel, ts, text) => editMessage(side, channel, ts, text),
    deleteMessage: (channel, ts) => deleteMessage(side, channel, ts),
    joinChannel: (user, channel, o) => joinChannel(side, user, channel, o),
    deliverEvent: (event, o) => deliverEvent(side, event, o),
    clickButton: (a) => clickButton(side, a),
    submitView: (a) => submitView(side, a),
    sendMessageShortcut: (a) => sendMessageShortcut(side, a),
    onChange(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    notifyChange,
    setPageHandler(handler) {
      serverDeps.page = handler;
    },
    signedPost: (path, body, contentType, o) => signedPost(side, path, body, contentType, o),
    waitFor,
    reset() {
      state.reset();
      calls.length = 0;
      responses.length = 0;
      faults.clear();
      limiter?.clear();
    },
    close: () => closeServer(server),
  };
}
