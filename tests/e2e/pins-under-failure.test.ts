import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';

/**
 * 📌 while Slack is failing: a pin the bot could not read yet is recorded when Slack answers
 * again, and a pin the bot could not check is never taken out of the timeline.
 */
let h: Harness;
let channel: string;
let n: number;
beforeAll(async () => {
  h = await startHarness();
  channel = await h.declare(ANA, 'sev2 Checkout failing');
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

const pinned = async (ts: string) => (await h.s.incidents.timelineAll(h.team, n)).some((e) => e.pin?.ts === ts);

async function eventually(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('not within the time allowed');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('📌 while Slack is failing', () => {
  it('records a pinned thread reply once Slack answers the thread lookup again', async () => {
    const parent = h.standin.postMessageAsUser(BO, channel, 'rolling back the deploy');
    const reply = h.standin.postMessageAsUser(CY, channel, 'rollback done, error rate falling', { threadTs: parent.ts });
    h.standin.rateLimitNext('conversations.replies', 1, 1);
    await h.standin.addReaction(ANA, channel, reply.ts, 'pushpin');
    await eventually(() => pinned(reply.ts));
    const entry = (await h.s.incidents.timelineAll(h.team, n)).find((e) => e.pin?.ts === reply.ts);
    expect(entry?.text).toBe('rollback done, error rate falling');
    expect(entry?.author).toBe(CY);
  });

  it('keeps a 📌 entry when the "is it still pinned?" check is rate-limited and someone still pins it', async () => {
    const message = h.standin.postMessageAsUser(BO, channel, 'db-1 failed over to db-2');
    await h.standin.addReaction(ANA, channel, message.ts, 'pushpin');
    await h.standin.addReaction(CY, channel, message.ts, 'pushpin');
    await eventually(() => pinned(message.ts));
    h.standin.rateLimitNext('reactions.get', 1, 1);
    await h.standin.removeReaction(ANA, channel, message.ts, 'pushpin');
    // Give the failed check and its retry time to act, then the entry must still be there.
    await eventually(async () => h.standin.calls.filter((c) => c.method === 'reactions.get').length >= 2);
    await h.s.afterReplies.idle();
    expect(await pinned(message.ts)).toBe(true);
    // And when the last 📌 goes, the entry goes.
    await h.standin.removeReaction(CY, channel, message.ts, 'pushpin');
    await eventually(async () => !(await pinned(message.ts)));
  });
});
