import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, SIGNING_SECRET, TOKEN, startHarness, type Harness } from '../support/harness.js';
import { dms, eventually, ms, perSeverity } from '../escalation/helpers.js';
import type { MessageRecord } from '../../src/standin/types.js';
import type { Workers } from '../../src/workers/index.js';

/**
 * The finding: a worker killed between posting and recording made the level-1 announcement go
 * out twice (5 of 5 incidents), and BullMQ's 30 s lock + 30 s stall check delivered the page
 * 61-67 s late, after the next level had been paged.
 */
/** Level 1's acknowledgement window: the page must reach Bo well inside it (BullMQ's defaults took 61-67 s). */
const LEVEL_ONE_WAIT_MS = 45_000;
const settings = {
  escalation: {
    defaultPolicy: 'Platform',
    policies: [
      {
        name: 'Platform',
        repeatLast: 0,
        levels: [
          { name: 'On-call engineering', targets: [BO], ackTimeoutMinutes: perSeverity(ms(LEVEL_ONE_WAIT_MS), 60, 60, 60) },
          { name: 'Database administrators', targets: [CY], ackTimeoutMinutes: perSeverity(60, 60, 60, 60) },
        ],
      },
    ],
  },
};

let h: Harness;
let child: ChildProcess | undefined;
let second: Workers | undefined;
beforeAll(async () => {
  h = await startHarness({ settings, workers: false });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  await second?.close(2_000);
  await h?.close();
});

function startWorkerProcess(): Promise<ChildProcess> {
  const env = {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: h.standin.apiUrl,
    REDIS_URL: h.s.config.REDIS_URL,
    // Queues are sharded by workspace under the harness's own tag (jobs/shards.ts).
    JOB_TAG: h.s.config.JOB_TAG,
    ...(h.s.config.REDIS_CLUSTER_NODES ? { REDIS_CLUSTER_NODES: h.s.config.REDIS_CLUSTER_NODES } : {}),
    ...(h.s.config.JOB_SHARDS ? { JOB_SHARDS: String(h.s.config.JOB_SHARDS) } : {}),
    DEFAULT_TIMEZONE: h.s.config.DEFAULT_TIMEZONE,
    ...(h.broadcastId ? { BROADCAST_CHANNEL: h.broadcastId } : {}),
  };
  const fixture = fileURLToPath(new URL('./fixtures/worker-process.ts', import.meta.url));
  const p = spawn(process.execPath, ['--import', 'tsx', fixture], { env: { ...process.env, WORKER_ENV: JSON.stringify({ env, settings }) }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    p.stdout?.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) resolve(p);
    });
    p.on('exit', (code) => reject(new Error(`worker process exited with ${String(code)}`)));
  });
}

const stepOf = (m: { metadata?: unknown }): string => {
  const meta = m.metadata as { event_payload?: { step?: unknown } } | undefined;
  return typeof meta?.event_payload?.step === 'string' ? meta.event_payload.step : '';
};

describe('a worker killed in the middle of paging', () => {
  it('pages level 1 once, within seconds of the crash and before level 2, and announces it once', async () => {
    const channel = await h.declare(ANA, 'sev1 Payments API timing out');
    // Slack takes the announcement but the worker never hears back: it is killed meanwhile.
    h.standin.slowNext('chat.postMessage', 60_000);
    child = await startWorkerProcess();
    await eventually(() => expect(h.standin.calls.some((c) => c.method === 'chat.postMessage' && stepOf(c.args).endsWith(':announce'))).toBe(true), 30_000);
    child.kill('SIGKILL');
    const killedAt = Date.now();

    second = h.startWorkers();
    await eventually(() => expect(dms(h.standin, BO)).toHaveLength(1), 40_000);
    process.stdout.write(`page delivered ${Date.now() - killedAt} ms after the worker was killed\n`);

    // Bo heard inside his acknowledgement window, so level 2 was not paged before him.
    const deadline = (await h.s.incidents.findByChannel(h.team, channel).then((n) => h.s.incidents.load(h.team, n ?? 0)))?.incident.escalation?.deadline ?? 0;
    expect(Number(dms(h.standin, BO)[0]?.ts) * 1000).toBeLessThan(deadline);
    expect(dms(h.standin, CY)).toHaveLength(0);
    const announcements = h.standin.state.messagesIn(channel).filter((m: MessageRecord) => stepOf(m).endsWith(':announce'));
    expect(announcements).toHaveLength(1);
    // Nothing else of the delivery went out twice either.
    await new Promise((r) => setTimeout(r, 500));
    expect(dms(h.standin, BO)).toHaveLength(1);
  }, 120_000);
});
