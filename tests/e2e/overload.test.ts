import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACK_FIRST_IN_FLIGHT, ANSWER_IN_ACK_FROM } from '../../src/slack/listeners/commands.js';
import { ANA, BO, ackText, startHarness, type Harness } from '../support/harness.js';
import { startRedisServer } from '../support/redis-server.js';

/**
 * Its own redis-server, because the test pauses it. Nothing here measures milliseconds: Redis is
 * held paused until the whole flood is in flight, and the ack deadline is set far beyond the test,
 * so which command is acked how depends only on how many were in flight when it arrived.
 */
let h: Harness;
let server: Awaited<ReturnType<typeof startRedisServer>>;
let admin: Redis;
beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
  h = await startHarness({ redisUrl: server.url, workers: false, ackDeadlineMs: 60_000 });
});
afterAll(async () => {
  admin.disconnect();
  await h.close();
  await server.stop();
});

describe('a flood of notes while Redis stalls', () => {
  it(`answers in the ack while busy, acks at once past ${ACK_FIRST_IN_FLIGHT} in flight, and confirms every note exactly once`, async () => {
    const channel = await h.declare(ANA, 'sev2 flood under a stall');
    h.join(channel, BO);
    // Who is in the channel is known before the stall, as it is in a busy incident.
    await h.run(BO, channel, 'note before the stall');
    const FLOOD = 100;
    // Paused until the flood is in, 1 s at most: a write carries a 1.5 s deadline (a later one is
    // refused, so "not saved" is certain), and Bolt answers a request itself after 3 s without an ack.
    // Redis lifts the pause by itself after 1 s: past that, the split below is no longer exact.
    const pauseEnds = Date.now() + 1_000;
    await admin.call('CLIENT', 'PAUSE', '1000', 'ALL');
    let redisPaused = true;
    let emptyAcksBack = 0;
    const sending = Promise.all(
      Array.from({ length: FLOOD }, async (_, i) => {
        const r = await h.standin.sendCommand({ user: i % 2 ? ANA : BO, channel, text: `note flood ${i}` });
        if (ackText(r.body) === undefined) emptyAcksBack++;
        return { ...r, whileRedisPaused: redisPaused && Date.now() < pauseEnds };
      }),
    );
    // Acked without waiting: the first few (idle) and everything past ACK_FIRST_IN_FLIGHT (swamped).
    // While Redis is paused nothing finishes, so once these are back the whole flood is in flight.
    const ackedFirst = ANSWER_IN_ACK_FROM + (FLOOD - ACK_FIRST_IN_FLIGHT);
    // On a machine too busy to deliver the flood within the pause, the split below shifts; what holds
    // whatever the speed is checked either way, the exact split when the whole flood was in.
    const floodIn = await h.standin
      .waitFor(() => emptyAcksBack >= ackedFirst, 1_000)
      .then(() => Date.now() < pauseEnds, () => false);
    redisPaused = false;
    await admin.call('CLIENT', 'UNPAUSE');
    const sent = await sending;
    await h.s.afterReplies.idle();

    const inAck = sent.filter((r) => ackText(r.body)?.startsWith(':memo: Saved'));
    const emptyAck = sent.filter((r) => ackText(r.body) === undefined);
    expect(inAck.length + emptyAck.length).toBe(FLOOD);
    expect(inAck.length).toBeGreaterThan(0);
    if (floodIn) {
      expect(inAck).toHaveLength(ACK_FIRST_IN_FLIGHT - ANSWER_IN_ACK_FROM);
      expect(emptyAck).toHaveLength(ackedFirst);
      // The empty acks came back while Redis was still paused: nothing waited for it.
      expect(emptyAck.every((r) => r.whileRedisPaused)).toBe(true);
    }
    // A note confirmed in its ack gets no second answer through the response_url.
    for (const r of inAck) expect(h.standin.responses.filter((x) => r.responseUrl.endsWith(x.id))).toHaveLength(0);
    for (const r of emptyAck) {
      const id = r.responseUrl.split('/').pop();
      const replies = await h.standin.waitFor(() => {
        const found = h.standin.responses.filter((x) => x.id === id);
        return found.length ? found : undefined;
      });
      expect(replies.map((x) => x.body.text)).toEqual([expect.stringMatching(/^:memo: Saved/)]);
    }
    const n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
    expect((await h.s.incidents.timelineAll(h.team, n)).filter((e) => e.text.startsWith('flood '))).toHaveLength(FLOOD);
  });
});
