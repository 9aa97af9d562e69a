import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Services } from '../../src/app/context.js';
import { postToChannel, whenEchoed } from '../../src/slack/api/channel-echo.js';
import { silentLogger } from '../../src/telemetry/log.js';

/** Echo pacing on fake timers: the spacing is exact here, whatever else the machine is doing. */
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse('2023-05-13T17:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

function fakeSlack() {
  const posts: { at: number; channel: string; text: string }[] = [];
  const s = {
    slack: { chat: { postMessage: (a: { channel: string; text: string }) => Promise.resolve(void posts.push({ at: Date.now(), channel: a.channel, text: a.text })) } },
    echoSpacingMs: 1_000,
    log: silentLogger,
  } as unknown as Services;
  return { s, posts, start: Date.now() };
}

describe('echoes in a channel', () => {
  it('go out at once when the channel is quiet, then at most one message a second, batching what arrived meanwhile', async () => {
    const { s, posts, start } = fakeSlack();
    postToChannel(s, 'C1', ['first']);
    await vi.advanceTimersByTimeAsync(10);
    postToChannel(s, 'C1', ['second']);
    postToChannel(s, 'C1', ['third']);
    await vi.advanceTimersByTimeAsync(979);
    expect(posts.map((p) => p.text)).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(11);
    expect(posts.map((p) => [p.at - start, p.text])).toEqual([
      [0, 'first'],
      [1_000, 'second\nthird'],
    ]);
    await whenEchoed();
  });

  it('paces each channel on its own', async () => {
    const { s, posts, start } = fakeSlack();
    postToChannel(s, 'C1', ['one']);
    postToChannel(s, 'C2', ['two']);
    await vi.advanceTimersByTimeAsync(0);
    expect(posts.map((p) => [p.at - start, p.channel])).toEqual([
      [0, 'C1'],
      [0, 'C2'],
    ]);
  });
});
