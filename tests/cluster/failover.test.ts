import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardPrefix, teamShard, shardCount } from '../../src/jobs/shards.js';
import { keySlot } from '../../src/jobs/slots.js';
import { teamTag } from '../../src/store/keys.js';
import { channelTexts, dms, eventually, incidentOf, ms, perSeverity, sleep, texts, timeline } from '../escalation/helpers.js';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { startRedisCluster, type LocalCluster } from '../support/redis-cluster.js';

/**
 * A master dies mid-incident: its replica is promoted within seconds. Every note the bot
 * confirmed is still there afterwards (confirmations wait for a replica: REDIS_WAIT_REPLICAS=1),
 * every answer in between is "saved", "not saved" or "not confirmed, check the timeline" and
 * true, /healthz says 503 while the cluster is failing, and the escalation timer armed before
 * the failover fires, once.
 */
const ESCALATE_AFTER_MS = 9_000;
const settings = {
  escalation: {
    defaultPolicy: 'Payments',
    policies: [
      {
        name: 'Payments',
        levels: [
          { name: 'On-call engineering', targets: [ANA], ackTimeoutMinutes: perSeverity(60, ms(ESCALATE_AFTER_MS), 60, 60) },
          { name: 'Database administrators', targets: [BO], ackTimeoutMinutes: perSeverity(60, 60, 60, 60) },
        ],
      },
    ],
  },
};

let cluster: LocalCluster;
let h: Harness;
let victim: number;

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicas: 1, fullCoverage: true });
  const owners = await cluster.slotOwners();
  const masterOf = (key: string): number => owners.find((o) => keySlot(key) >= o.from && keySlot(key) <= o.to)?.port ?? -1;
  const jobTag = `wr-test-${process.pid}-failover`;
  const k = shardCount({ REDIS_CLUSTER_NODES: cluster.nodes, JOB_TAG: jobTag });
  // A workspace whose data and whose job shard live on the same master: the one that dies.
  let team = '';
  for (let i = 0; !team; i++) {
    const candidate = `TFAIL${process.pid}X${i}`;
    const data = masterOf(teamTag(candidate));
    if (data === masterOf(shardPrefix(jobTag, teamShard(candidate, k)))) {
      team = candidate;
      victim = data;
    }
  }
  const first = cluster.nodes.split(',')[0] ?? '';
  h = await startHarness({ team, settings, redisUrl: `redis://${first}`, env: { REDIS_CLUSTER_NODES: cluster.nodes, REDIS_WAIT_REPLICAS: '1', JOB_TAG: jobTag } });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await cluster?.stop();
});

const SAVED = /^:memo: Saved to the timeline/;
const NOT_SAVED = /^:x: Not saved/;
const UNKNOWN = /^:warning: Not confirmed: .* may or may not have been saved/;

describe('a master fails over in the middle of an incident', () => {
  it('loses no confirmed note, answers honestly meanwhile, turns /healthz 503, and fires the escalation armed before it once', async () => {
    const channel = await h.declare(ANA, 'sev2 Payments failing at checkout');
    const n = await incidentOf(h, channel);
    expect(await texts(h, n)).toEqual(['Paged On-call engineering (<@U0ANA>)']);

    const replies: { text: string; reply: string }[] = [];
    const health: number[] = [];
    let i = 0;
    const note = async (): Promise<void> => {
      const text = `observation ${++i}`;
      replies.push({ text, reply: await h.run(ANA, channel, `note ${text}`) });
    };
    for (let j = 0; j < 4; j++) await note();

    await cluster.kill(victim);
    let healthy = false;
    const recovered = cluster.waitHealthy(40_000).then(() => (healthy = true));
    const polling = (async () => {
      while (!healthy) {
        health.push((await fetch(`${h.appUrl}/healthz`)).status);
        await sleep(200);
      }
    })();
    // Two people keep typing through the failover.
    const lane = async (): Promise<void> => {
      while (!healthy) await note();
    };
    await Promise.all([lane(), lane(), recovered, polling]);
    let after = 0;
    while (after < 4) {
      await note();
      if (SAVED.test(replies.at(-1)?.reply ?? '')) after++;
    }
    await eventually(async () => expect((await fetch(`${h.appUrl}/healthz`)).status).toBe(200), 15_000);

    const notes = new Set((await timeline(h, n)).filter((e) => e.kind === 'note').map((e) => e.text));
    const saved = replies.filter((r) => SAVED.test(r.reply));
    const refused = replies.filter((r) => NOT_SAVED.test(r.reply));
    // Every answer was one of the three honest ones, and each told the truth.
    expect(replies.filter((r) => !SAVED.test(r.reply) && !NOT_SAVED.test(r.reply) && !UNKNOWN.test(r.reply))).toEqual([]);
    expect(saved.filter((r) => !notes.has(r.text))).toEqual([]);
    expect(refused.filter((r) => notes.has(r.text))).toEqual([]);
    expect(saved.length).toBeGreaterThanOrEqual(8);
    // The load balancer was told while the cluster was failing.
    expect(health).toContain(503);

    // The escalation armed before the failover fires once, on the promoted replica.
    await eventually(async () => expect(await texts(h, n)).toHaveLength(2), ESCALATE_AFTER_MS + 15_000);
    await eventually(() => expect(dms(h.standin, BO)).toHaveLength(1));
    await sleep(1_000);
    expect(await texts(h, n)).toEqual([
      'Paged On-call engineering (<@U0ANA>)',
      expect.stringMatching(/^Escalated to Database administrators \(<@U0BO>\): nobody acknowledged On-call engineering within 9 seconds/),
    ]);
    expect(dms(h.standin, BO)).toHaveLength(1);
    expect(channelTexts(h.standin, channel).filter((t) => t.includes('Database administrators'))).not.toHaveLength(0);
  }, 120_000);
});
