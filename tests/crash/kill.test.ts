import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/index.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { ANA, BO, CY, SIGNING_SECRET, TOKEN, ackText, responseText, testRedisUrl } from '../support/harness.js';
import { freePort, startRedisServer } from '../support/redis-server.js';
import { kill, spawnWarroom, until, whenReady, type Spawned } from '../support/spawned.js';

/**
 * Crash safety of the real processes, small enough for `npm test`: a web killed with SIGKILL
 * in the middle of a stream of notes loses none it confirmed and says "not saved" about none
 * it saved; an escalation due while the worker was dead fires once, soon after it is back; a
 * Redis killed after its AOF was synced comes back with every incident.
 */
const SIX_SECONDS = 0.1;
const hour = 60;
let standin: Standin;
let general: string;
let config: string;
const running: Spawned[] = [];

beforeAll(async () => {
  standin = await startStandin({ botToken: TOKEN, signingSecret: SIGNING_SECRET, teamId: `T${process.pid}K` });
  for (const [id, name] of [[ANA, 'ana'], [BO, 'bo'], [CY, 'cy']] as const) standin.addUser({ id, name, tz: 'Africa/Nairobi' });
  general = standin.addChannel({ name: 'general', members: [ANA, BO, CY] }).id;
  config = join(mkdtempSync(join(tmpdir(), 'warroom-crash-')), 'warroom.json');
  const per = (m: number) => ({ sev1: m, sev2: m, sev3: m, sev4: m });
  writeFileSync(
    config,
    JSON.stringify({
      escalation: {
        defaultPolicy: 'P',
        policies: [{ name: 'P', levels: [{ name: 'On-call', targets: [BO], ackTimeoutMinutes: per(SIX_SECONDS) }, { name: 'Leads', targets: [CY], ackTimeoutMinutes: per(hour) }] }],
      },
    }),
  );
});
afterAll(async () => {
  for (const p of running) await kill(p, 'SIGKILL');
  await standin.close();
});

function start(mode: 'web' | 'worker', redisUrl: string, port: number): Spawned {
  const p = spawnWarroom(mode, {
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    REDIS_URL: redisUrl,
    PORT: String(port),
    WARROOM_CONFIG: config,
  });
  running.push(p);
  return p;
}

async function declare(title: string): Promise<string> {
  const sent = await standin.sendCommand({ user: ANA, channel: general, text: `declare sev2 ${title}` });
  const id = sent.responseUrl.split('/').pop();
  const text = ackText(sent.body)?.includes('<#') ? (ackText(sent.body) ?? '') : responseText(await standin.waitFor(() => standin.responses.find((r) => r.id === id && responseText(r).includes('<#')), 20_000));
  return /<#([CG][A-Z0-9]+)>/.exec(text)?.[1] ?? '';
}

const dmTexts = (user: string): string[] => {
  const dm = standin.state.dms.get(user);
  return dm ? standin.state.messagesIn(dm).map((m) => m.text) : [];
};

describe('a web process killed with SIGKILL mid-load', () => {
  it('loses no note it confirmed, saves none twice, and never said "not saved" about a saved one', async () => {
    const url = testRedisUrl();
    const port = await freePort();
    standin.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    let web = start('web', url, port);
    await whenReady(web);
    const channel = await declare('Notes through a crash');
    const client = new Redis(url);
    const store = createIncidentStore(client);
    const n = (await store.findByChannel(standin.teamId, channel)) ?? 0;

    const NOTES = 240;
    const outcomes: { i: number; ack?: string; responseId?: string; failed?: boolean }[] = [];
    const sends: Promise<void>[] = [];
    let killedAt = -1;
    for (let i = 0; i < NOTES; i++) {
      if (i === 100) {
        killedAt = i;
        await kill(web, 'SIGKILL');
        web = start('web', url, port);
      }
      if (i === 100 + 20) await whenReady(web);
      sends.push(
        standin.sendCommand({ user: ANA, channel, text: `note crash-${i}` }).then(
          (r) => void outcomes.push({ i, ...(ackText(r.body) !== undefined ? { ack: ackText(r.body) } : {}), responseId: r.responseUrl.split('/').pop() ?? '' }),
          () => void outcomes.push({ i, failed: true }),
        ),
      );
      await new Promise((r) => setTimeout(r, 3));
    }
    await Promise.all(sends);
    await new Promise((r) => setTimeout(r, 1_500));

    const entries = (await store.timelineAll(standin.teamId, n)).filter((e) => e.text.startsWith('crash-'));
    const saved = new Map<string, number>();
    for (const e of entries) saved.set(e.text, (saved.get(e.text) ?? 0) + 1);
    let confirmed = 0;
    let lost = 0;
    let falseReplies = 0;
    for (const o of outcomes) {
      const replies = [o.ack, ...standin.responses.filter((r) => r.id === o.responseId).map(responseText)].filter((t): t is string => !!t);
      const said = replies.find((t) => !t.startsWith(':hourglass'));
      const count = saved.get(`crash-${o.i}`) ?? 0;
      if (said?.startsWith(':memo: Saved')) {
        confirmed++;
        if (count === 0) lost++;
      }
      if (said !== undefined && /not saved|nothing was recorded/i.test(said) && count > 0) falseReplies++;
    }
    const duplicates = [...saved.values()].filter((c) => c > 1).length;
    console.info(`web SIGKILL after note ${killedAt}: ${NOTES} notes sent, ${confirmed} confirmed, ${entries.length} saved, ${lost} lost, ${duplicates} duplicated, ${falseReplies} false replies, ${outcomes.filter((o) => o.failed).length} not acknowledged`);
    expect(confirmed).toBeGreaterThan(NOTES / 3);
    expect({ lost, duplicates, falseReplies }).toEqual({ lost: 0, duplicates: 0, falseReplies: 0 });
    client.disconnect();
    await kill(web, 'SIGTERM');
  }, 120_000);
});

describe('a worker killed with SIGKILL while an escalation is waiting', () => {
  it('pages the next level once, a few seconds after it is back', async () => {
    // A Redis of its own: only this incident's timers are waiting when the worker comes back.
    const own = await startRedisServer();
    const url = own.url;
    const port = await freePort();
    standin.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    const web = start('web', url, port);
    let worker = start('worker', url, await freePort());
    await Promise.all([whenReady(web), whenReady(worker)]);
    const channel = await declare('Escalation through a crash');
    const client = new Redis(url);
    const store = createIncidentStore(client);
    const n = (await store.findByChannel(standin.teamId, channel)) ?? 0;
    const label = `INC-${n} `;
    await until(() => dmTexts(BO).some((t) => t.includes(label)), 20_000, 'the first page').catch((err: unknown) => {
      throw new Error(`${String(err)}\nworker:\n${worker.out.join('').slice(-3000)}\nDMs: ${JSON.stringify([...standin.state.dms.entries()])} ${JSON.stringify(dmTexts(BO))}`);
    });
    await kill(worker, 'SIGKILL');
    const due = (await store.load(standin.teamId, n))?.incident.escalation?.deadline ?? 0;
    expect(due).toBeGreaterThan(0);
    await until(() => Date.now() > due + 1_000, 20_000, 'the escalation to fall due');
    expect(dmTexts(CY).some((t) => t.includes(label))).toBe(false);

    worker = start('worker', url, await freePort());
    await whenReady(worker);
    const back = Date.now();
    await until(() => dmTexts(CY).some((t) => t.includes(label)), 15_000, 'the second page');
    const late = Date.now() - back;
    await new Promise((r) => setTimeout(r, 1_500));
    const pages = (await store.load(standin.teamId, n))?.incident.escalation?.pages ?? [];
    console.info(`escalation due while the worker was dead: paged ${late} ms after the worker was ready again`);
    expect(dmTexts(CY).filter((t) => t.includes(label))).toHaveLength(1);
    expect(pages.filter((p) => p.level === 1)).toHaveLength(1);
    client.disconnect();
    await Promise.all([kill(web, 'SIGTERM'), kill(worker, 'SIGTERM')]);
    await own.stop();
  }, 120_000);
});

describe('Redis with AOF (appendfsync everysec) killed and restarted', () => {
  it('keeps every incident declared before it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'warroom-aof-'));
    const redisPort = await freePort();
    const startRedis = async () => {
      const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--hz', '100'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
      await until(() => out.includes('Ready to accept connections'), 15_000, 'redis-server');
      return child;
    };
    let redis = await startRedis();
    const url = `redis://127.0.0.1:${redisPort}`;
    const port = await freePort();
    standin.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
    const web = start('web', url, port);
    await whenReady(web);
    const channels: string[] = [];
    for (let i = 0; i < 5; i++) channels.push(await declare(`Kept by the AOF ${i}`));
    // everysec: what was written more than a second ago is on disk.
    await new Promise((r) => setTimeout(r, 1_500));
    redis.kill('SIGKILL');
    await new Promise((r) => redis.once('exit', r));
    redis = await startRedis();
    const client = new Redis(url);
    const store = createIncidentStore(client);
    const found = await Promise.all(channels.map((c) => store.findByChannel(standin.teamId, c)));
    const loaded = await Promise.all(found.map(async (n) => (n ? store.load(standin.teamId, n) : undefined)));
    expect(loaded.map((l) => l?.incident.title)).toEqual(channels.map((_, i) => `Kept by the AOF ${i}`));
    client.disconnect();
    await kill(web, 'SIGKILL');
    redis.kill('SIGKILL');
  }, 120_000);
});
