import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, BOB, CAROL, clientFor, slackError, startWorkspace } from './helpers.js';

let standin: Standin;
let client: WebClient;

beforeAll(async () => {
  standin = await startWorkspace();
  client = clientFor(standin);
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  for (const u of [ALICE, BOB, CAROL]) standin.addUser(u);
});

async function createChannel(name: string, isPrivate = false): Promise<string> {
  const res = await client.conversations.create({ name, is_private: isPrivate });
  const id = res.channel?.id;
  if (!id) throw new Error('no channel id');
  return id;
}

describe('creating incident channels', () => {
  it('creates a public channel with the bot as creator and only member', async () => {
    const res = await client.conversations.create({ name: 'inc-1-db-down' });
    expect(res.channel?.id).toMatch(/^C0/);
    expect(res.channel?.is_member).toBe(true);
    const ch = standin.state.channels.get(res.channel?.id ?? '');
    expect(ch).toMatchObject({ name: 'inc-1-db-down', is_private: false, members: [standin.botUserId], creator: standin.botUserId });
  });

  it('creates a private channel when asked', async () => {
    const id = await createChannel('inc-2-secret', true);
    expect(id).toMatch(/^G0/);
    expect(standin.state.channels.get(id)?.is_private).toBe(true);
  });

  it('refuses a second channel with the same name, as Slack does', async () => {
    await createChannel('inc-3');
    expect(await slackError(client.conversations.create({ name: 'inc-3' }))).toBe('name_taken');
  });

  it('keeps the name of an archived channel taken', async () => {
    const id = await createChannel('inc-4');
    await client.conversations.archive({ channel: id });
    expect(standin.state.channels.get(id)?.archived).toBe(true);
    expect(await slackError(client.conversations.create({ name: 'inc-4' }))).toBe('name_taken');
  });

  it.each([
    ['Inc-1', 'invalid_name_specials'],
    ['inc 1', 'invalid_name_specials'],
    ['inc#1', 'invalid_name_specials'],
    ['a'.repeat(81), 'invalid_name_maxlength'],
    ['--__', 'invalid_name_punctuation'],
    ['', 'invalid_name_required'],
  ])('rejects the name %j with %s', async (name, error) => {
    expect(await slackError(client.conversations.create({ name }))).toBe(error);
  });

  it('accepts an 80-character name', async () => {
    await expect(createChannel('a'.repeat(80))).resolves.toMatch(/^C0/);
  });
});

describe('inviting responders', () => {
  it('invites several users given as a comma-separated list', async () => {
    const id = await createChannel('inc-10');
    await client.conversations.invite({ channel: id, users: `${ALICE.id},${BOB.id}` });
    expect(standin.state.channels.get(id)?.members).toEqual([standin.botUserId, ALICE.id, BOB.id]);
  });

  it('fails the whole call for one unknown user unless force is set', async () => {
    const id = await createChannel('inc-11');
    expect(await slackError(client.conversations.invite({ channel: id, users: `${ALICE.id},UNOBODY` }))).toBe('user_not_found');
    expect(standin.state.channels.get(id)?.members).not.toContain(ALICE.id);
    const res = await client.conversations.invite({ channel: id, users: `${ALICE.id},UNOBODY`, force: true });
    expect(res.errors).toEqual([{ user: 'UNOBODY', ok: false, error: 'user_not_found' }]);
    expect(standin.state.channels.get(id)?.members).toContain(ALICE.id);
  });

  it('says already_in_channel and cant_invite_self', async () => {
    const id = await createChannel('inc-12');
    await client.conversations.invite({ channel: id, users: ALICE.id });
    expect(await slackError(client.conversations.invite({ channel: id, users: ALICE.id }))).toBe('already_in_channel');
    expect(await slackError(client.conversations.invite({ channel: id, users: standin.botUserId }))).toBe('cant_invite_self');
  });

  it('refuses more than 100 users in one call', async () => {
    const id = await createChannel('inc-13');
    const many = Array.from({ length: 101 }, (_, i) => `UMANY${i}`);
    for (const u of many) standin.addUser({ id: u, name: u.toLowerCase() });
    expect(await slackError(client.conversations.invite({ channel: id, users: many.join(',') }))).toBe('too_many_users');
    await client.conversations.invite({ channel: id, users: many.slice(0, 100).join(',') });
    expect(standin.state.channels.get(id)?.members).toHaveLength(101);
  });

  it('cannot invite into a channel the bot is not in', async () => {
    const broadcast = standin.addChannel({ name: 'incidents', members: [ALICE.id] });
    expect(await slackError(client.conversations.invite({ channel: broadcast.id, users: BOB.id }))).toBe('not_in_channel');
  });
});

describe('topic and purpose', () => {
  it('sets a topic up to 250 characters and refuses a longer one', async () => {
    const id = await createChannel('inc-20');
    await client.conversations.setTopic({ channel: id, topic: 'x'.repeat(250) });
    expect(standin.state.channels.get(id)?.topic).toHaveLength(250);
    expect(await slackError(client.conversations.setTopic({ channel: id, topic: 'x'.repeat(251) }))).toBe('too_long');
    await client.conversations.setPurpose({ channel: id, purpose: 'Database is down' });
    expect(standin.state.channels.get(id)?.purpose).toBe('Database is down');
  });

  it('needs the bot in the channel', async () => {
    const other = standin.addChannel({ name: 'random', members: [ALICE.id] });
    expect(await slackError(client.conversations.setTopic({ channel: other.id, topic: 'hi' }))).toBe('not_in_channel');
  });
});

describe('reading channels', () => {
  it('hides a private channel the bot is not in and refuses its history', async () => {
    const secret = standin.addChannel({ name: 'secret', isPrivate: true, members: [ALICE.id] });
    expect(await slackError(client.conversations.info({ channel: secret.id }))).toBe('channel_not_found');
    expect(await slackError(client.conversations.history({ channel: secret.id }))).toBe('not_in_channel');
  });

  it('returns history newest first and honours latest / inclusive / limit', async () => {
    const id = await createChannel('inc-30');
    await client.conversations.invite({ channel: id, users: ALICE.id });
    const first = standin.postMessageAsUser(ALICE.id, id, 'first');
    const second = standin.postMessageAsUser(ALICE.id, id, 'second');
    standin.postMessageAsUser(ALICE.id, id, 'a reply', { threadTs: first.ts });
    const all = await client.conversations.history({ channel: id });
    expect(all.messages?.map((m) => m.text)).toEqual(['second', 'first']);
    const one = await client.conversations.history({ channel: id, latest: first.ts, inclusive: true, limit: 1 });
    expect(one.messages?.map((m) => m.text)).toEqual(['first']);
    const exclusive = await client.conversations.history({ channel: id, latest: second.ts });
    expect(exclusive.messages?.map((m) => m.text)).toEqual(['first']);
    const replies = await client.conversations.replies({ channel: id, ts: first.ts });
    expect(replies.messages?.map((m) => m.text)).toEqual(['first', 'a reply']);
    expect(await slackError(client.conversations.replies({ channel: id, ts: '1.000001' }))).toBe('thread_not_found');
  });

  it('lists members and pages through them', async () => {
    const id = await createChannel('inc-31');
    await client.conversations.invite({ channel: id, users: `${ALICE.id},${BOB.id},${CAROL.id}` });
    const page1 = await client.conversations.members({ channel: id, limit: 2 });
    expect(page1.members).toEqual([standin.botUserId, ALICE.id]);
    const page2 = await client.conversations.members({ channel: id, limit: 2, cursor: page1.response_metadata?.next_cursor ?? '' });
    expect(page2.members).toEqual([BOB.id, CAROL.id]);
    expect(page2.response_metadata?.next_cursor).toBe('');
  });

  it('opens the same DM every time', async () => {
    const a = await client.conversations.open({ users: ALICE.id });
    const b = await client.conversations.open({ users: ALICE.id });
    expect(a.channel?.id).toMatch(/^D0/);
    expect(b.channel?.id).toBe(a.channel?.id);
    expect(await slackError(client.conversations.open({ users: 'UNOBODY' }))).toBe('user_not_found');
  });
});
