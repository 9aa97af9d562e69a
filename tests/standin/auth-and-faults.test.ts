import { WebAPIHTTPError, WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { BOT_TOKEN, clientFor, section, slackError, startWorkspace } from './helpers.js';

let standin: Standin;
let client: WebClient;

beforeAll(async () => {
  standin = await startWorkspace();
  client = clientFor(standin);
});
afterAll(() => standin.close());
beforeEach(() => standin.reset());

async function raw(method: string, init: RequestInit): Promise<Record<string, unknown>> {
  const res = await fetch(`${standin.apiUrl}${method}`, { method: 'POST', ...init });
  return (await res.json()) as Record<string, unknown>;
}

describe('tokens', () => {
  it('answers auth.test for the bot token, as Bolt needs at start-up', async () => {
    const res = await client.auth.test();
    expect(res).toMatchObject({ ok: true, user_id: standin.botUserId, team_id: 'T0WARROOM', bot_id: 'B0WARROOM' });
  });

  it('says invalid_auth for a wrong token and not_authed for none', async () => {
    expect(await slackError(clientFor(standin, {}, 'xoxb-wrong').auth.test())).toBe('invalid_auth');
    expect(await raw('auth.test', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' })).toMatchObject({
      ok: false,
      error: 'not_authed',
    });
  });

  it('takes the token from a form field but not from a JSON body', async () => {
    const form = await raw('auth.test', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${BOT_TOKEN}` });
    expect(form.ok).toBe(true);
    const json = await raw('auth.test', { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: BOT_TOKEN }) });
    expect(json.error).toBe('not_authed');
  });

  it('accepts JSON bodies with a Bearer token', async () => {
    const res = await raw('conversations.create', {
      headers: { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${BOT_TOKEN}` },
      body: JSON.stringify({ name: 'inc-json', is_private: true }),
    });
    expect(res.ok).toBe(true);
    expect(standin.state.channelByName('inc-json')?.is_private).toBe(true);
  });
});

describe('arguments and methods', () => {
  it('says unknown_method for a method Slack does not have', async () => {
    expect(await slackError(client.apiCall('conversations.teleport', { channel: 'C1' }))).toBe('unknown_method');
  });

  it('answers a missing required argument with the spec error, else invalid_arguments', async () => {
    expect(await slackError(client.apiCall('conversations.invite', { users: 'U1' }))).toBe('channel_not_found');
    expect(await slackError(client.apiCall('views.open', { trigger_id: '1.2.3' }))).toBe('invalid_arguments');
    expect(await slackError(client.apiCall('usergroups.users.list', {}))).toBe('no_such_subteam');
  });

  it('records every call with decoded JSON fields, without the token, including the team_id Bolt adds', async () => {
    const withTeam = clientFor(standin, { teamId: 'T0WARROOM' });
    const res = await withTeam.conversations.create({ name: 'inc-rec' });
    await withTeam.chat.postMessage({ channel: res.channel?.id ?? '', text: 'hi', blocks: [section('hi')] });
    await slackError(withTeam.conversations.create({ name: 'inc-rec' }));
    expect(standin.calls.map((c) => [c.method, c.ok, c.error])).toEqual([
      ['conversations.create', true, undefined],
      ['chat.postMessage', true, undefined],
      ['conversations.create', false, 'name_taken'],
    ]);
    expect(standin.calls[1]?.args).toMatchObject({ team_id: 'T0WARROOM', text: 'hi', blocks: [section('hi')] });
    expect(standin.calls[1]?.args).not.toHaveProperty('token');
  });
});

describe('injected faults', () => {
  it('fails the next calls with a chosen error, then recovers', async () => {
    standin.failNext('conversations.create', 'restricted_action', 2);
    expect(await slackError(client.conversations.create({ name: 'a' }))).toBe('restricted_action');
    expect(await slackError(client.conversations.create({ name: 'a' }))).toBe('restricted_action');
    await expect(client.conversations.create({ name: 'a' })).resolves.toMatchObject({ ok: true });
  });

  it('rate-limits with 429 and Retry-After, which web-api turns into WebAPIRateLimitedError', async () => {
    standin.rateLimitNext('chat.postMessage', 1, 7);
    const strict = clientFor(standin, { rejectRateLimitedCalls: true });
    const err = await strict.chat.postMessage({ channel: 'C1', text: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(standin.calls.at(-1)).toMatchObject({ method: 'chat.postMessage', ok: false, error: 'ratelimited', status: 429 });
  });

  it('answers an HTTP failure, which web-api reports as WebAPIHTTPError', async () => {
    standin.failHttpNext('users.info', 503);
    const err = await client.users.info({ user: standin.botUserId }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebAPIHTTPError);
    expect((err as WebAPIHTTPError).statusCode).toBe(503);
    await expect(client.users.info({ user: standin.botUserId })).resolves.toMatchObject({ ok: true });
  });
});

describe('rate tiers (enforceRateTiers)', () => {
  it('allows 20 Tier 2 calls a minute, then answers 429 until the window moves on', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const tiered = await startWorkspace({ enforceRateTiers: true, now: () => now });
    try {
      const c = clientFor(tiered, { rejectRateLimitedCalls: true });
      for (let i = 0; i < 20; i++) await c.conversations.create({ name: `inc-${i}` });
      const err = await c.conversations.create({ name: 'inc-20' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebAPIRateLimitedError);
      expect((err as WebAPIRateLimitedError).retryAfter).toBe(60);
      // Other methods have their own budget.
      await expect(c.users.info({ user: tiered.botUserId })).resolves.toMatchObject({ ok: true });
      now += 60_000;
      await expect(c.conversations.create({ name: 'inc-20' })).resolves.toMatchObject({ ok: true });
    } finally {
      await tiered.close();
    }
  });

  it('lets chat.postMessage burst a little per channel, then holds it to about one a second', async () => {
    let now = Date.parse('2026-03-01T10:00:00Z');
    const tiered = await startWorkspace({ enforceRateTiers: true, now: () => now });
    try {
      const c = clientFor(tiered, { rejectRateLimitedCalls: true });
      const a = tiered.addChannel({ name: 'a', members: [tiered.botUserId] });
      const b = tiered.addChannel({ name: 'b', members: [tiered.botUserId] });
      for (let i = 0; i < 5; i++) await c.chat.postMessage({ channel: a.id, text: `${i}` });
      await expect(c.chat.postMessage({ channel: a.id, text: 'too fast' })).rejects.toBeInstanceOf(WebAPIRateLimitedError);
      await expect(c.chat.postMessage({ channel: b.id, text: 'other channel' })).resolves.toMatchObject({ ok: true });
      now += 1000;
      await expect(c.chat.postMessage({ channel: a.id, text: 'a second later' })).resolves.toMatchObject({ ok: true });
    } finally {
      await tiered.close();
    }
  });
});

describe('scopes', () => {
  it('says missing_scope when the granted scopes do not cover the method', async () => {
    const narrow = await startWorkspace({ scopes: ['chat:write'] });
    try {
      expect(await slackError(clientFor(narrow).conversations.create({ name: 'inc-1' }))).toBe('missing_scope');
      await expect(clientFor(narrow).auth.test()).resolves.toMatchObject({ ok: true });
    } finally {
      await narrow.close();
    }
  });
});
