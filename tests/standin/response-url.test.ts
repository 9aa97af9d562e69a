import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, section, startWorkspace } from './helpers.js';

let standin: Standin;
let now = Date.parse('2026-03-01T10:00:00Z');
let channel: string;

beforeAll(async () => {
  standin = await startWorkspace({ now: () => now });
});
afterAll(() => standin.close());
beforeEach(() => {
  standin.reset();
  standin.addUser(ALICE);
  channel = standin.addChannel({ name: 'inc-1', members: [standin.botUserId, ALICE.id] }).id;
});

/** What Bolt's respond() does: a JSON POST with no auth. */
async function respond(url: string, body: unknown): Promise<{ status: number; text: string }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, text: await res.text() };
}

describe('response_url sink', () => {
  it('records what the app sends and shows it only to the user by default', async () => {
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id);
    expect(await respond(r.url, { text: 'Only you can see this' })).toEqual({ status: 200, text: 'ok' });
    expect(standin.responses).toEqual([expect.objectContaining({ id: r.id, body: { text: 'Only you can see this' }, status: 200 })]);
    expect(standin.state.ephemerals).toEqual([expect.objectContaining({ channel, user: ALICE.id, text: 'Only you can see this' })]);
    expect(standin.state.messages.get(channel) ?? []).toHaveLength(0);
  });

  it('posts in the channel for response_type in_channel', async () => {
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id);
    await respond(r.url, { response_type: 'in_channel', text: 'INC-1 declared' });
    expect(standin.state.messages.get(channel)?.[0]).toMatchObject({ text: 'INC-1 declared', user: standin.botUserId });
  });

  it('allows five uses and answers the sixth with 404 used_url', async () => {
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id);
    for (let i = 1; i <= 5; i++) expect((await respond(r.url, { text: `update ${i}` })).status).toBe(200);
    expect(await respond(r.url, { text: 'update 6' })).toEqual({ status: 404, text: 'used_url' });
    expect(standin.responses.map((x) => x.status)).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('expires after 30 minutes', async () => {
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id);
    now += 30 * 60 * 1000 + 1;
    expect(await respond(r.url, { text: 'late' })).toEqual({ status: 404, text: 'expired_url' });
  });

  it('replaces or deletes the message whose button gave the response_url', async () => {
    const m = standin.state.addMessage({ channel, user: standin.botUserId, text: 'Page the DBA?', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Page the DBA?' } }] });
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id, m.ts);
    await respond(r.url, { replace_original: true, text: 'Paged the DBA' });
    expect(standin.state.findMessage(channel, m.ts)).toMatchObject({ text: 'Paged the DBA' });
    expect(standin.state.findMessage(channel, m.ts)?.blocks).toBeUndefined();
    await respond(r.url, { delete_original: true });
    expect(standin.state.findMessage(channel, m.ts)).toBeUndefined();
  });

  it('answers 404 for a URL it never issued and 400 for invalid blocks', async () => {
    expect((await respond(`${standin.url}/response/T0-nope`, { text: 'x' })).status).toBe(404);
    const r = standin.state.issueResponseUrl(standin.url, channel, ALICE.id);
    const blocks = Array.from({ length: 51 }, () => section('x'));
    expect(await respond(r.url, { text: 'x', blocks })).toEqual({ status: 400, text: 'invalid_blocks' });
  });
});
