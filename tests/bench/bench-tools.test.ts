import { describe, expect, it } from 'vitest';
import { createBareServer } from '../../bench/bare.js';
import { openLoop } from '../../bench/open-loop.js';
import { startSink } from '../../bench/sink.js';
import { slashRequest } from '../../bench/slash.js';
import { percentile, summarise } from '../../bench/stats.js';
import type { AddressInfo } from 'node:net';

const SECRET = 'bench-test-secret-0123456789';
const target = { signingSecret: SECRET, teamId: 'T1', channelId: 'C1', userId: 'U1' };

async function bare(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createBareServer(SECRET);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('the bare server the bench compares against', () => {
  it('accepts a correctly signed slash command and refuses a tampered one, so it does the same check Bolt does', async () => {
    const b = await bare();
    try {
      const good = slashRequest(target, 'note db failover done', 'http://127.0.0.1:1/r/x/1');
      expect((await fetch(b.url, { method: 'POST', headers: good.headers, body: good.body })).status).toBe(200);
      expect((await fetch(b.url, { method: 'POST', headers: good.headers, body: good.body.replace('failover', 'fallover') })).status).toBe(401);
      const stale = { ...good.headers, 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000) - 600) };
      expect((await fetch(b.url, { method: 'POST', headers: stale, body: good.body })).status).toBe(401);
    } finally {
      await b.close();
    }
  });
});

describe('the open-loop sender', () => {
  it('sends rate × duration requests, each built for its own sequence number, and counts refusals as errors', async () => {
    const b = await bare();
    const seen: number[] = [];
    try {
      const r = await openLoop({
        url: b.url,
        rate: 100,
        durationMs: 300,
        build: (seq) => {
          seen.push(seq);
          const req = slashRequest(target, `note ${seq}`, 'http://127.0.0.1:1/r/x/1');
          // Every third request carries a wrong signature.
          return seq % 3 === 0 ? { body: req.body, headers: { ...req.headers, 'x-slack-signature': 'v0=00' } } : req;
        },
      });
      expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
      expect(r.sent).toBe(30);
      expect(r.errors).toBe(10);
      expect(r.ok).toBe(20);
      expect(r.ackMs).toHaveLength(20);
      expect(r.firstError).toBe('HTTP 401');
    } finally {
      await b.close();
    }
  });
});

describe('the response_url sink', () => {
  it('times the final reply of each request from when it was due, skips progress notes and counts replies that are not what the phase expects', async () => {
    const sink = await startSink();
    try {
      const phase = sink.phase('p1', (t) => t.startsWith(':memo: Saved'));
      const dueAt = performance.now() - 5;
      const post = (text: string) => fetch(sink.responseUrl('p1', dueAt), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) });
      await post(':hourglass_flowing_sand: Declaring…');
      await post(':memo: Saved to the timeline at 7:05 PM EAT.');
      await post(':warning: INC-1 is being changed by many people at once');
      await sink.settle(phase, 2, 1_000);
      expect(phase.latencies).toHaveLength(1);
      expect(phase.latencies[0]).toBeGreaterThanOrEqual(5);
      expect(phase.wrong).toBe(1);
      expect(phase.wrongSample).toContain('changed by many people');
    } finally {
      await sink.close();
    }
  });
});

describe('percentiles', () => {
  it('uses the nearest rank, so p99 of 100 samples is the 99th smallest and the max stays the max', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile([...samples].sort((a, b) => a - b), 99)).toBe(99);
    expect(summarise(samples)).toMatchObject({ count: 100, p50: 50, p99: 99, max: 100, mean: 50.5 });
    expect(summarise([]).count).toBe(0);
  });
});
