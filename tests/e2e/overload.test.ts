import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_FIRST_IN_FLIGHT, ANSWER_IN_ACK_FROM } from '../../src/slack/listeners/commands.js';
import { ANA, BO, ackText, startHarness, type Harness } from '../support/harness.js';
import { startRedisServer } from '../support/redis-server.js';

/** Its own redis-server, because the test pauses it. */
let h: Harness;
let server: Awaited<ReturnType<typeof startRedisServer>>;
let admin: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
  h = await startHarness({ redisUrl: server.url, workers: false });
});
afterAll(async () => {
  admin.disconnect();
  await h.close();
  await server.stop();
});

describe('a flood of notes while Redis stalls', () => {
  it(`acks at once past ${ACK_FIRST_IN_FLIGHT} commands in flight, then confirms every note exactly once`, async () => {
    const channel = await h.declare(ANA, 'sev2 flood under a stall');
    h.join(channel, BO);
    // Who is in the channel is known before the stall, as it is in a busy incident.
    await h.run(BO, channel, 'note before the stall');
    const stalled = Date.now();
    await admin.call('CLIENT', 'PAUSE', '800', 'ALL');
    const sent = await Promise.all(
      Array.from({ length: 150 }, async (_, i) => {
        const r = await h.standin.sendCommand({ user: i % 2 ? ANA : BO, channel, text: `note flood ${i}` });
        return { ...r, answeredAfter: Date.now() - stalled };
      }),
    );
    await h.s.afterReplies.idle();
    const inAck = sent.filter((r) => ackText(r.body)?.startsWith(':memo: Saved'));
    const emptyAck = sent.filter((r) => ackText(r.body) === undefined);
    expect(inAck.length + emptyAck.length).toBe(150);
    // Once a few were in flight, commands waited for Redis and answered in their ack; past
    // ACK_FIRST_IN_FLIGHT the rest were acked without waiting.
    expect(inAck.length).toBeGreaterThanOrEqual(ACK_FIRST_IN_FLIGHT - ANSWER_IN_ACK_FROM - 10);
    expect(emptyAck.length).toBeGreaterThan(0);
    expect(Math.max(...emptyAck.map((r) => r.answeredAfter))).toBeLessThan(700);
    for (const r of emptyAck) {
      const id = r.responseUrl.split('/').pop();
      const replies = await h.standin.waitFor(() => {
        const found = h.standin.responses.filter((x) => x.id === id);
        return found.length ? found : undefined;
      });
      expect(replies.map((x) => x.body.text)).toEqual([expect.stringMatching(/^:memo: Saved/)]);
    }
    const entries = await h.s.incidents.timelineAll(h.team, (await h.s.incidents.findByChannel(h.team, channel))!);
    expect(entries.filter((e) => e.text.startsWith('flood '))).toHaveLength(150);
  });
});
