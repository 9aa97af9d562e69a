import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebClient } from '@slack/web-api';
import { createChannelEcho } from '../../src/slack/api/channel-echo.js';
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
  const slack = { chat: { postMessage: (a: { channel: string; text: string }) => Promise.resolve(void posts.push({ at: Date.now(), channel: a.channel, text: a.text })) } } as unknown as WebClient;
  return { echo: createChannelEcho(slack, silentLogger, 1_000), posts, start: Date.now() };
}

describe('echoes in a channel', () => {
  it('go out at once when the channel is quiet, then at most one message a second, batching what arrived meanwhile', async () => {
    const { echo, posts, start } = fakeSlack();
    echo.post('C1', ['first']);
    await vi.advanceTimersByTimeAsync(10);
    echo.post('C1', ['second']);
    echo.post('C1', ['third']);
    await vi.advanceTimersByTimeAsync(979);
    expect(posts.map((p) => p.text)).toEqual(['first']);
    await vi.advanceTimersByTimeAsync(11);
    expect(posts.map((p) => [p.at - start, p.text])).toEqual([
      [0, 'first'],
      [1_000, 'second\nthird'],
    ]);
    await echo.idle();
  });

  it('paces each channel on its own', async () => {
    const { echo, posts, start } = fakeSlack();
    echo.post('C1', ['one']);
    echo.post('C2', ['two']);
    await vi.advanceTimersByTimeAsync(0);
    expect(posts.map((p) => [p.at - start, p.channel])).toEqual([
      [0, 'C1'],
      [0, 'C2'],
    ]);
  });
});
