import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, BOB, CAROL, clientFor, slackError, startWorkspace } from './helpers.js';

let standin: Standin;
let client: WebClient;
let incident: string;

beforeAll(async () => {
  standin = await startWorkspace();
  client = clientFor(standin);
});
afterAll(() => standin.close());
beforeEach(async () => {
  standin.reset();
  for (const u of [ALICE, BOB, CAROL]) standin.addUser(u);
  const res = await client.conversations.create({ name: 'inc-1' });
  incident = res.channel?.id ?? '';
  await client.conversations.invite({ channel: incident, users: ALICE.id });
});

describe('pins', () => {
  it('pins a message once and says already_pinned the second time', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'restarted the primary');
    await client.pins.add({ channel: incident, timestamp: m.ts });
    expect(standin.state.pins.get(incident)?.map((p) => p.ts)).toEqual([m.ts]);
    expect(await slackError(client.pins.add({ channel: incident, timestamp: m.ts }))).toBe('already_pinned');
  });

  it('unpins, and says no_pin for a message that is not pinned', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'x');
    expect(await slackError(client.pins.remove({ channel: incident, timestamp: m.ts }))).toBe('no_pin');
    await client.pins.add({ channel: incident, timestamp: m.ts });
    await client.pins.remove({ channel: incident, timestamp: m.ts });
    expect(standin.state.pins.get(incident)).toEqual([]);
  });

  it('says message_not_found and not_in_channel where Slack would', async () => {
    expect(await slackError(client.pins.add({ channel: incident, timestamp: '1700000000.000001' }))).toBe('message_not_found');
    const other = standin.addChannel({ name: 'general', members: [ALICE.id] });
    const m = standin.postMessageAsUser(ALICE.id, other.id, 'hi');
    expect(await slackError(client.pins.add({ channel: other.id, timestamp: m.ts }))).toBe('not_in_channel');
  });

  it('stops at 100 pins per channel', async () => {
    for (let i = 0; i < 100; i++) {
      const m = standin.postMessageAsUser(ALICE.id, incident, `note ${i}`);
      await client.pins.add({ channel: incident, timestamp: m.ts });
    }
    const last = standin.postMessageAsUser(ALICE.id, incident, 'one too many');
    expect(await slackError(client.pins.add({ channel: incident, timestamp: last.ts }))).toBe('too_many_pins');
  });
});

describe('reactions', () => {
  it('adds the bot reaction once, reads it back, and removes it', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'pinned fact');
    await client.reactions.add({ channel: incident, timestamp: m.ts, name: 'white_check_mark' });
    expect(await slackError(client.reactions.add({ channel: incident, timestamp: m.ts, name: 'white_check_mark' }))).toBe('already_reacted');
    const got = await client.reactions.get({ channel: incident, timestamp: m.ts });
    expect(got.message?.reactions).toEqual([{ name: 'white_check_mark', users: [standin.botUserId], count: 1 }]);
    await client.reactions.remove({ channel: incident, timestamp: m.ts, name: 'white_check_mark' });
    expect(m.reactions).toEqual([]);
    expect(await slackError(client.reactions.remove({ channel: incident, timestamp: m.ts, name: 'white_check_mark' }))).toBe('no_reaction');
  });

  it('allows 23 distinct reactions on a message and no more', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'popular');
    for (let i = 0; i < 23; i++) await client.reactions.add({ channel: incident, timestamp: m.ts, name: `emoji${i}` });
    expect(await slackError(client.reactions.add({ channel: incident, timestamp: m.ts, name: 'emoji23' }))).toBe('too_many_reactions');
  });
});

describe('bookmarks', () => {
  it('adds an http(s) link and refuses anything else', async () => {
    const res = await client.bookmarks.add({ channel_id: incident, title: 'Runbook', type: 'link', link: 'https://wiki.example.com/db' });
    expect(res.bookmark?.id).toMatch(/^Bk0/);
    expect(standin.state.bookmarks.get(incident)?.[0]).toMatchObject({ title: 'Runbook', link: 'https://wiki.example.com/db' });
    expect(await slackError(client.bookmarks.add({ channel_id: incident, title: 'x', type: 'link', link: 'wiki.example.com' }))).toBe('invalid_link');
    expect(await slackError(client.bookmarks.add({ channel_id: incident, title: 'x', type: 'link', link: 'javascript:alert(1)' }))).toBe('invalid_link');
  });

  it('stops at 100 bookmarks per channel', async () => {
    for (let i = 0; i < 100; i++) await client.bookmarks.add({ channel_id: incident, title: `b${i}`, type: 'link', link: `https://e.com/${i}` });
    expect(await slackError(client.bookmarks.add({ channel_id: incident, title: 'more', type: 'link', link: 'https://e.com/x' }))).toBe('too_many_bookmarks');
  });
});

describe('people', () => {
  it('returns a user with time zone label and offset', async () => {
    const res = await client.users.info({ user: ALICE.id });
    expect(res.user).toMatchObject({ id: ALICE.id, real_name: 'Alice Ndlovu', tz: 'Africa/Nairobi', tz_label: 'East Africa Time', tz_offset: 10800 });
    expect(res.user?.profile?.email).toBe(ALICE.email);
    expect(await slackError(client.users.info({ user: 'UNOBODY' }))).toBe('user_not_found');
  });

  it('finds users by email, case-insensitively, and says users_not_found otherwise', async () => {
    const res = await client.users.lookupByEmail({ email: 'Bob@Example.com' });
    expect(res.user?.id).toBe(BOB.id);
    expect(await slackError(client.users.lookupByEmail({ email: 'nobody@example.com' }))).toBe('users_not_found');
  });

  it('lists a user group, and says no_such_subteam for an unknown one', async () => {
    standin.addUsergroup({ id: 'S0ONCALL', handle: 'oncall-db', users: [BOB.id, CAROL.id] });
    const res = await client.usergroups.users.list({ usergroup: 'S0ONCALL' });
    expect(res.users).toEqual([BOB.id, CAROL.id]);
    expect(await slackError(client.usergroups.users.list({ usergroup: 'S0NOPE' }))).toBe('no_such_subteam');
  });
});
