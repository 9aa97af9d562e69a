import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/telemetry/log.js';
import { dms, eventually, incidentOf, ms, perSeverity, sleep, texts } from '../escalation/helpers.js';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';
import { startRedisCluster, type LocalCluster } from '../support/redis-cluster.js';

/**
 * The whole story of an incident on a cluster that refuses to serve anything while a slot is
 * uncovered (cluster-require-full-coverage yes), and two workspaces on it at once. No command
 * may cross slots or land on the wrong master: the bot's logs must hold no CROSSSLOT or MOVED,
 * and the masters' own error counters (INFO errorstats) must show none either.
 */
const settings = {
  escalation: {
    defaultPolicy: 'Platform',
    policies: [
      {
        name: 'Platform',
        levels: [
          { name: 'On-call engineering', targets: [ANA], ackTimeoutMinutes: perSeverity(ms(400), 60, 60, 60) },
          { name: 'Database administrators', targets: [BO], ackTimeoutMinutes: perSeverity(60, 60, 60, 60) },
        ],
      },
    ],
  },
};

let cluster: LocalCluster;
const harnesses: Harness[] = [];
const logs: string[] = [];

async function errorStats(): Promise<string[]> {
  const lines: string[] = [];
  for (const s of cluster.servers) {
    const r = new Redis(s.port, '127.0.0.1', { protocol: 2 });
    try {
      lines.push(...String(await r.info('errorstats')).split('\n').filter((l) => /errorstat_(CROSSSLOT|MOVED|ASK)/.test(l)).map((l) => `${s.port} ${l.trim()}`));
    } finally {
      r.disconnect();
    }
  }
  return lines;
}

beforeAll(async () => {
  cluster = await startRedisCluster({ masters: 3, replicas: 0, fullCoverage: true });
  const first = cluster.nodes.split(',')[0] ?? '';
  for (let i = 0; i < 2; i++) {
    harnesses.push(
      await startHarness({
        settings,
        log: createLogger('debug', {}, (l) => logs.push(l)),
        redisUrl: `redis://${first}`,
        env: { REDIS_CLUSTER_NODES: cluster.nodes, JOB_SHARDS: '3' },
      }),
    );
  }
}, 60_000);

afterAll(async () => {
  for (const h of harnesses) await h.close();
  await cluster?.stop();
});

async function story(h: Harness): Promise<void> {
  const channel = await h.declare(ANA, 'sev1 Checkout returns 502 for card payments');
  // Everyone who types below is in the channel, as only members may change an incident.
  h.join(channel, BO, CY);
  const n = await incidentOf(h, channel);
  const say = async (user: string, text: string): Promise<string> => {
    const reply = await h.run(user, channel, text);
    expect(reply, `/incident ${text}`).not.toMatch(/^:x:|^:warning:/);
    return reply;
  };
  // Nobody acknowledges in time: the timer escalates to the DBAs.
  await eventually(async () => expect(await texts(h, n)).toHaveLength(2));
  await eventually(() => expect(dms(h.standin, BO).length).toBeGreaterThan(0));
  await say(BO, 'ack');
  await say(ANA, 'note 502s started after the 14:00 deploy');
  await say(BO, 'role commander <@U0BO>');
  await say(BO, 'status identified');
  await say(CY, 'note rolling back the deploy');
  await say(BO, 'severity sev2 customers can retry');
  await say(BO, 'update Rolled back; error rate falling');
  await say(BO, `action add Add a canary for card payments <@${CY}> due in 3 days`);
  await say(BO, 'actions');
  await say(BO, 'timeline');
  await say(BO, 'status resolved');
  await say(BO, 'cause A config flag flipped in the deploy');
  await say(BO, 'close');
  await say(BO, 'postmortem');
  await say(BO, 'list');
}

describe('the whole story on a cluster with full coverage required', () => {
  it('runs for two workspaces at once with no CROSSSLOT or MOVED, in the logs or on the masters', async () => {
    // Start-up work (digest schedules) settles first: a client's very first command may go out
    // before it has the slot map, and ioredis follows that one MOVED by itself.
    await sleep(1_500);
    const before = await errorStats();
    await Promise.all(harnesses.map((h) => story(h)));
    const bad = logs.filter((l) => /CROSSSLOT|MOVED|ASK \d|slots allocation group/.test(l));
    expect(bad).toEqual([]);
    expect(await errorStats()).toEqual(before);
    // The story really ran: both workspaces have a closed incident with its notes.
    for (const h of harnesses) {
      const loaded = await h.s.incidents.load(h.team, 1);
      expect(loaded?.incident.status).toBe('closed');
      const notes = (await h.s.incidents.timelineAll(h.team, 1)).filter((e) => e.kind === 'note').map((e) => e.text);
      expect(notes).toEqual(expect.arrayContaining(['502s started after the 14:00 deploy', 'rolling back the deploy']));
    }
  }, 120_000);
});
