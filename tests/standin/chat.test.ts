import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, BOB, clientFor, section, slackError, startWorkspace } from './helpers.js';

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
  for (const u of [ALICE, BOB]) standin.addUser(u);
  const res = await client.conversations.create({ name: 'inc-1' });
  incident = res.channel?.id ?? '';
  await client.conversations.invite({ channel: incident, users: ALICE.id });
});

describe('posting', () => {
  it('stores a posted message with increasing, unique ts', async () => {
    const a = await client.chat.postMessage({ channel: incident, text: 'declared' });
    const b = await client.chat.postMessage({ channel: incident, text: 'update', blocks: [section('*update*')] });
    expect(a.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(Number(b.ts)).toBeGreaterThan(Number(a.ts));
    const stored = standin.state.messages.get(incident);
    expect(stored?.map((m) => [m.text, m.user])).toEqual([
      ['declared', standin.botUserId],
      ['update', standin.botUserId],
    ]);
    expect(stored?.[1]?.blocks).toEqual([section('*update*')]);
  });

  it('posts to a public broadcast channel the bot is not in (chat:write.public)', async () => {
    const broadcast = standin.addChannel({ name: 'incidents', members: [ALICE.id] });
    await client.chat.postMessage({ channel: broadcast.id, text: 'INC-1 declared' });
    expect(standin.state.messages.get(broadcast.id)?.[0]?.text).toBe('INC-1 declared');
  });

  it('answers not_in_channel for that channel when the app lacks chat:write.public', async () => {
    const narrow = await startWorkspace({ scopes: ['chat:write', 'channels:manage'] });
    try {
      const broadcast = narrow.addChannel({ name: 'incidents', members: [ALICE.id] });
      expect(await slackError(clientFor(narrow).chat.postMessage({ channel: broadcast.id, text: 'hi' }))).toBe('not_in_channel');
      expect(narrow.state.messages.get(broadcast.id) ?? []).toHaveLength(0);
    } finally {
      await narrow.close();
    }
  });

  it('cannot see a private channel the bot is not in, nor post to an archived one', async () => {
    const secret = standin.addChannel({ name: 'secret', isPrivate: true, members: [ALICE.id] });
    expect(await slackError(client.chat.postMessage({ channel: secret.id, text: 'hi' }))).toBe('channel_not_found');
    await client.conversations.archive({ channel: incident });
    expect(await slackError(client.chat.postMessage({ channel: incident, text: 'hi' }))).toBe('is_archived');
  });

  it('needs text or blocks', async () => {
    expect(await slackError(client.chat.postMessage({ channel: incident, text: '' }))).toBe('no_text');
  });

  it('opens the DM when given a user id', async () => {
    const res = await client.chat.postMessage({ channel: BOB.id, text: 'you own action item 3' });
    expect(res.channel).toMatch(/^D0/);
    expect(standin.state.dms.get(BOB.id)).toBe(res.channel);
    expect(standin.state.messages.get(res.channel ?? '')?.[0]?.text).toBe('you own action item 3');
  });

  it('threads a reply under its parent', async () => {
    const parent = await client.chat.postMessage({ channel: incident, text: 'timeline' });
    await client.chat.postMessage({ channel: incident, text: 'entry', thread_ts: parent.ts ?? '' });
    const reply = standin.state.messages.get(incident)?.find((m) => m.text === 'entry');
    expect(reply?.thread_ts).toBe(parent.ts);
  });

  it('truncates text past 40,000 characters and warns message_truncated', async () => {
    const res = await client.chat.postMessage({ channel: incident, text: 'y'.repeat(40_001) });
    expect(res.warning).toBe('message_truncated');
    expect(standin.state.messages.get(incident)?.[0]?.text).toHaveLength(40_000);
  });
});

describe('Block Kit limits', () => {
  it('refuses 51 blocks with invalid_blocks and accepts 50', async () => {
    const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
    expect(await slackError(client.chat.postMessage({ channel: incident, text: 'x', blocks }))).toBe('invalid_blocks');
    await client.chat.postMessage({ channel: incident, text: 'x', blocks: blocks.slice(0, 50) });
    expect(standin.state.messages.get(incident)).toHaveLength(1);
  });

  it.each([
    ['a section over 3000 characters', [section('s'.repeat(3001))]],
    ['a header over 150 characters', [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }]],
    ['a mrkdwn header', [{ type: 'header', text: { type: 'mrkdwn', text: 'h' } }]],
    ['a duplicate block_id', [section('a', 'same'), section('b', 'same')]],
    ['an unknown block type', [{ type: 'sectoin', text: { type: 'mrkdwn', text: 'typo' } }]],
    ['11 section fields', [{ type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) }]],
    ['a button label over 75 characters', [{ type: 'actions', elements: [{ type: 'button', action_id: 'ack', text: { type: 'plain_text', text: 'b'.repeat(76) } }] }]],
    ['a button value over 2000 characters', [{ type: 'actions', elements: [{ type: 'button', action_id: 'ack', value: 'v'.repeat(2001), text: { type: 'plain_text', text: 'Ack' } }] }]],
    ['26 actions elements', [{ type: 'actions', elements: Array.from({ length: 26 }, (_, i) => ({ type: 'button', action_id: `a${i}`, text: { type: 'plain_text', text: 'b' } })) }]],
    ['11 context elements', [{ type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) }]],
    ['an action_id over 255 characters', [{ type: 'actions', elements: [{ type: 'button', action_id: 'a'.repeat(256), text: { type: 'plain_text', text: 'b' } }] }]],
    ['an empty section text', [section('')]],
  ])('refuses %s with invalid_blocks', async (_what, blocks) => {
    // apiCall, because web-api's own types would refuse most of these before Slack could.
    expect(await slackError(client.apiCall('chat.postMessage', { channel: incident, text: 'fallback', blocks }))).toBe('invalid_blocks');
  });

  it('names the offending field in the error', async () => {
    const err = await client.chat.postMessage({ channel: incident, text: 'x', blocks: [section('ok'), section('s'.repeat(3001))] }).catch((e: unknown) => e);
    expect((err as { data?: { errors?: string[] } }).data?.errors?.[0]).toContain('[json-pointer:/blocks/1/text/text]');
  });

  it('refuses blocks that carry too much text in total with msg_blocks_too_long', async () => {
    const blocks = Array.from({ length: 5 }, (_, i) => section(`${i}`.repeat(2600)));
    expect(await slackError(client.chat.postMessage({ channel: incident, text: 'x', blocks }))).toBe('msg_blocks_too_long');
  });
});

describe('updating, deleting and linking', () => {
  it('updates the bot message, and refuses text over 4,000 characters', async () => {
    const posted = await client.chat.postMessage({ channel: incident, text: 'Status: investigating' });
    await client.chat.update({ channel: incident, ts: posted.ts ?? '', text: 'Status: identified' });
    const m = standin.state.findMessage(incident, posted.ts ?? '');
    expect(m?.text).toBe('Status: identified');
    expect(m?.edited?.user).toBe(standin.botUserId);
    expect(await slackError(client.chat.update({ channel: incident, ts: posted.ts ?? '', text: 'z'.repeat(4001) }))).toBe('msg_too_long');
    expect(await slackError(client.chat.update({ channel: incident, ts: '1.000001', text: 'x' }))).toBe('message_not_found');
  });

  it('will not update a human message', async () => {
    const human = standin.postMessageAsUser(ALICE.id, incident, 'db is down');
    expect(await slackError(client.chat.update({ channel: incident, ts: human.ts, text: 'edited' }))).toBe('cant_update_message');
  });

  it('deletes its own message', async () => {
    const posted = await client.chat.postMessage({ channel: incident, text: 'oops' });
    await client.chat.delete({ channel: incident, ts: posted.ts ?? '' });
    expect(standin.state.findMessage(incident, posted.ts ?? '')).toBeUndefined();
  });

  it('builds permalinks from the team domain', async () => {
    const human = standin.postMessageAsUser(ALICE.id, incident, 'root cause found');
    const res = await client.chat.getPermalink({ channel: incident, message_ts: human.ts });
    expect(res.permalink).toBe(`https://warroom-sandbox.slack.com/archives/${incident}/p${human.ts.replace('.', '')}`);
    expect(await slackError(client.chat.getPermalink({ channel: incident, message_ts: '1.000001' }))).toBe('message_not_found');
  });

  it('keeps ephemeral messages apart, and only for channel members', async () => {
    await client.chat.postEphemeral({ channel: incident, user: ALICE.id, text: 'only you' });
    expect(standin.state.ephemerals).toEqual([expect.objectContaining({ channel: incident, user: ALICE.id, text: 'only you' })]);
    expect(standin.state.messages.get(incident) ?? []).toHaveLength(0);
    expect(await slackError(client.chat.postEphemeral({ channel: incident, user: BOB.id, text: 'x' }))).toBe('user_not_in_channel');
  });
});
