import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackClient } from '../../src/slack/api/client.js';
import { retrySlack } from '../../src/slack/api/retry.js';
import { startStandin, type Standin } from '../../src/standin/index.js';

const TOKEN = 'xoxb-retry-test';
let standin: Standin;
let channel: string;
beforeAll(async () => {
  standin = await startStandin({ botToken: TOKEN, signingSecret: 'retry-secret', teamId: 'TRETRY' });
  channel = standin.addChannel({ name: 'ops', members: [] }).id;
});
afterAll(async () => {
  await standin.close();
});

/** The pauses retrySlack asked for, instead of waiting them out. */
function recorder(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return { waits, sleep: (ms) => (waits.push(ms), Promise.resolve()) };
}

describe('which Slack failures are tried again, and when', () => {
  const slack = () => createSlackClient(TOKEN, standin.apiUrl);
  const post = () => slack().chat.postMessage({ channel, text: 'db is back' });

  it('waits out Slack\'s Retry-After on a rate limit, then succeeds', async () => {
    standin.rateLimitNext('chat.postMessage', 1, 3);
    const r = recorder();
    const res = await retrySlack(post, { sleep: r.sleep });
    expect(res.ok).toBe(true);
    expect(r.waits).toEqual([3_000]);
  });

  it('backs off on 5xx, a growing pause each time', async () => {
    standin.failHttpNext('chat.postMessage', 503, 2);
    const r = recorder();
    await retrySlack(post, { sleep: r.sleep, baseMs: 400 });
    expect(r.waits).toHaveLength(2);
    expect(r.waits[1]).toBeGreaterThan(r.waits[0] ?? Infinity);
  });

  it('does not retry what will fail the same way again, nor wait longer than it may', async () => {
    standin.failNext('chat.postMessage', 'is_archived');
    const r = recorder();
    await expect(retrySlack(post, { sleep: r.sleep })).rejects.toMatchObject({ data: { error: 'is_archived' } });
    standin.rateLimitNext('chat.postMessage', 1, 120);
    await expect(retrySlack(post, { sleep: r.sleep, maxWaitMs: 10_000 })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error' });
    expect(r.waits).toEqual([]);
  });

  it('gives up after its attempts and hands back the last failure', async () => {
    standin.failHttpNext('chat.postMessage', 500, 4);
    const r = recorder();
    await expect(retrySlack(post, { sleep: r.sleep, attempts: 4 })).rejects.toMatchObject({ code: 'slack_webapi_http_error' });
    expect(r.waits).toHaveLength(3);
  });
});
