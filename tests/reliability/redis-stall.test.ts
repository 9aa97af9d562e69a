import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { startRedisServer } from '../support/redis-server.js';
import { incidentOf, timeline } from '../escalation/helpers.js';

/**
 * The black-box finding: of 508 commands sent while Redis was stopped (SIGSTOP) and resumed,
 * 55% were answered "Nothing was recorded" although the note was in the timeline afterwards.
 * The measure: every reply during the outage matches the final timeline, and nothing twice.
 */
let h: Harness;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redisUrl: redis.url, workers: false });
});
afterAll(async () => {
  if (redis.process.exitCode === null) redis.process.kill('SIGCONT');
  await h.close();
  await redis.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Sends notes while Redis is stopped and resumes it after `stallMs`; returns each note's text and reply. */
async function notesDuringStall(channel: string, label: string, count: number, stallMs: number): Promise<{ text: string; reply: string }[]> {
  redis.process.kill('SIGSTOP');
  const sent = Array.from({ length: count }, (_, i) => {
    const text = `${label} note ${i}`;
    return h.run(i % 2 ? ANA : BO, channel, `note ${text}`).then((reply) => ({ text, reply }));
  });
  await sleep(stallMs);
  redis.process.kill('SIGCONT');
  return Promise.all(sent);
}

async function check(channel: string, results: { text: string; reply: string }[]): Promise<{ saved: number; refused: number }> {
  // Let anything Redis still had on its socket run before looking.
  await sleep(300);
  const entries = await timeline(h, await incidentOf(h, channel));
  let saved = 0;
  let refused = 0;
  for (const { text, reply } of results) {
    const copies = entries.filter((e) => e.text === text).length;
    expect(copies, `"${text}" answered ${JSON.stringify(reply)}`).toBeLessThanOrEqual(1);
    if (reply.includes('Saved to the timeline')) {
      saved++;
      expect(copies, `"${text}" was confirmed but is not in the timeline`).toBe(1);
    } else {
      refused++;
      expect(reply, `"${text}" got an unexpected reply`).toContain('Not saved');
      expect(reply).toContain('nothing will be recorded later');
      expect(copies, `"${text}" was answered "Not saved" but is in the timeline`).toBe(0);
    }
  }
  return { saved, refused };
}

describe('replies while Redis stalls match the timeline afterwards', () => {
  it('a long stall: a note answered "Not saved" never appears when Redis wakes up, and one answered "Saved" is there once', async () => {
    const channel = await h.declare(ANA, 'sev2 queue backlog');
    h.join(channel, BO);
    // The channel's incident is known to this process, so the notes' only Redis call is the write.
    expect(await h.run(ANA, channel, 'note before the stall')).toContain('Saved to the timeline');
    // Longer than the 2.5 s command timeout: every write is still on Redis's socket when it resumes.
    // Ana's notes only add an entry and wait for nothing; Bo's first note also makes him a
    // participant, so those take turns and some may run after Redis is back: either way the
    // reply must say what happened.
    const results = await notesDuringStall(channel, 'long', 12, 4_000);
    const { refused } = await check(channel, results);
    expect(refused).toBeGreaterThanOrEqual(6);
  });

  it('a short stall: notes are saved once and said to be saved', async () => {
    const channel = await h.declare(ANA, 'sev3 slow search');
    h.join(channel, BO);
    const results = await notesDuringStall(channel, 'short', 12, 300);
    const { saved } = await check(channel, results);
    expect(saved).toBe(12);
  });

  it('after the stall the bot answers normally again', async () => {
    const channel = await h.declare(ANA, 'sev3 after the stall');
    h.join(channel, BO);
    expect(await h.run(ANA, channel, 'note all good again')).toContain('Saved to the timeline');
  });
});
