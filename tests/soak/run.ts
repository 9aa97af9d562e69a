/**
 * `npm run soak`: mixed commands against the real `web` and `worker` processes while web,
 * worker and Redis (AOF, appendfsync everysec) are killed with SIGKILL in turn. Loopback only
 * (a local redis-server, the Slack stand-in), bounded in time (SOAK_SECONDS, default 90).
 * Reports operations, kills, losses, duplicates, late timers and false replies; exits 1 when a
 * confirmed note was lost other than in Redis's own one-second fsync window, or anything was
 * saved twice, or a reply was false.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { startStandin } from '../../src/standin/index.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { freePort } from '../support/redis-server.js';
import { kill, spawnWarroom, until, whenReady, type Spawned } from '../support/spawned.js';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 90);
const TOKEN = 'xoxb-soak-token';
const SECRET = 'soak-signing-secret-0123456789';
const [ANA, BO, CY] = ['U0ANA', 'U0BO', 'U0CY'];
const LEVEL1_SECONDS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ackText(body: string): string | undefined {
  if (body.trim() === '') return undefined;
  try {
    const p = JSON.parse(body) as { text?: unknown };
    return typeof p.text === 'string' ? p.text : undefined;
  } catch {
    return body;
  }
}

function textOf(body: unknown): string {
  return body && typeof body === 'object' && 'text' in body && typeof body.text === 'string' ? body.text : '';
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-soak-'));
  const redisPort = await freePort();
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  let redis: ChildProcess | undefined;
  const startRedis = async (): Promise<void> => {
    const child = spawn('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--hz', '100'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    await until(() => out.includes('Ready to accept connections'), 20_000, 'redis-server');
    redis = child;
  };
  await startRedis();

  const standin = await startStandin({ botToken: TOKEN, signingSecret: SECRET, teamId: 'T0SOAK' });
  for (const [id, name] of [[ANA, 'ana'], [BO, 'bo'], [CY, 'cy']] as const) standin.addUser({ id, name, tz: 'UTC' });
  const general = standin.addChannel({ name: 'general', members: [ANA, BO, CY] }).id;
  const config = join(dir, 'warroom.json');
  const per = (m: number) => ({ sev1: m, sev2: m, sev3: m, sev4: m });
  writeFileSync(config, JSON.stringify({ escalation: { defaultPolicy: 'P', policies: [{ name: 'P', levels: [{ name: 'L1', targets: [BO], ackTimeoutMinutes: per(LEVEL1_SECONDS / 60) }, { name: 'L2', targets: [CY], ackTimeoutMinutes: per(600) }] }] } }));
  const webPort = await freePort();
  standin.setAppUrl(`http://127.0.0.1:${webPort}/slack/events`);
  // A process that exits without being killed here crashed on its own: counted and restarted.
  const crashes = { web: 0, worker: 0 };
  const expected = new Set<Spawned>();
  const watch = (p: Spawned, role: 'web' | 'worker'): Spawned => {
    void p.exited.then(() => {
      if (!expected.has(p)) crashes[role]++;
    });
    return p;
  };
  const stop = async (p: Spawned, signal: NodeJS.Signals): Promise<void> => {
    expected.add(p);
    await kill(p, signal);
  };
  const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: standin.apiUrl, REDIS_URL: redisUrl, WARROOM_CONFIG: config };
  let web: Spawned = watch(spawnWarroom('web', { ...env, PORT: String(webPort) }), 'web');
  let worker: Spawned = watch(spawnWarroom('worker', { ...env, PORT: String(await freePort()) }), 'worker');
  await Promise.all([whenReady(web), whenReady(worker)]);

  const channels: string[] = [];
  const notes: { text: string; channel: string; ack?: string | undefined; responseId: string; failed?: boolean; sentAt: number }[] = [];
  const kills = { web: 0, worker: 0, redis: 0 };
  const redisKills: number[] = [];
  let declares = 0;
  let declareFailures = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const inflight: Promise<void>[] = [];

  const chaos = (async () => {
    const order = ['web', 'worker', 'redis'] as const;
    for (let i = 0; Date.now() < deadline - 12_000; i++) {
      await sleep(10_000);
      // A crashed process is brought back, as an orchestrator would.
      if (web.child.exitCode !== null || web.child.signalCode !== null) web = watch(spawnWarroom('web', { ...env, PORT: String(webPort) }), 'web');
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) worker = watch(spawnWarroom('worker', { ...env, PORT: String(await freePort()) }), 'worker');
      const target = order[i % 3] ?? 'web';
      kills[target]++;
      if (target === 'web') {
        await stop(web, 'SIGKILL');
        web = watch(spawnWarroom('web', { ...env, PORT: String(webPort) }), 'web');
        await whenReady(web).catch(() => undefined);
      } else if (target === 'worker') {
        await stop(worker, 'SIGKILL');
        worker = watch(spawnWarroom('worker', { ...env, PORT: String(await freePort()) }), 'worker');
        await whenReady(worker).catch(() => undefined);
      } else {
        redisKills.push(Date.now());
        redis?.kill('SIGKILL');
        await sleep(500);
        await startRedis();
      }
    }
  })();

  for (let tick = 0; Date.now() < deadline; tick++) {
    if (tick % 50 === 0 || channels.length === 0) {
      declares++;
      const title = `Soak incident ${declares}`;
      inflight.push(
        standin.sendCommand({ user: ANA, channel: general, text: `declare sev2 ${title}` }).then(
          async (r) => {
            const id = r.responseUrl.split('/').pop();
            const text = ackText(r.body)?.includes('<#') ? ackText(r.body) : await standin.waitFor(() => textOf(standin.responses.find((x) => x.id === id && textOf(x.body).includes('<#'))?.body) || undefined, 20_000).catch(() => undefined);
            const ch = /<#([CG][A-Z0-9]+)>/.exec(String(text ?? ''))?.[1];
            if (ch) channels.push(ch);
            else declareFailures++;
          },
          () => void declareFailures++,
        ),
      );
    }
    const channel = channels[tick % Math.max(1, channels.length)];
    if (channel) {
      const text = `soak-note-${tick}`;
      const sentAt = Date.now();
      inflight.push(
        standin.sendCommand({ user: ANA, channel, text: `note ${text}` }).then(
          (r) => void notes.push({ text, channel, ack: ackText(r.body), responseId: r.responseUrl.split('/').pop() ?? '', sentAt }),
          () => void notes.push({ text, channel, responseId: '', failed: true, sentAt }),
        ),
      );
    }
    await sleep(100);
  }
  await chaos;
  await Promise.allSettled(inflight);
  await sleep(LEVEL1_SECONDS * 1000 + 5_000);

  const client = new Redis(redisUrl);
  const store = createIncidentStore(client);
  const team = standin.teamId;
  const saved = new Map<string, number>();
  const lateTimers: number[] = [];
  let duplicatePages = 0;
  let missingPages = 0;
  for (const ch of new Set(channels)) {
    const n = await store.findByChannel(team, ch);
    if (!n) continue;
    for (const e of await store.timelineAll(team, n)) if (e.text.startsWith('soak-note-')) saved.set(e.text, (saved.get(e.text) ?? 0) + 1);
    const pages = (await store.load(team, n))?.incident.escalation?.pages ?? [];
    const l1 = pages.filter((p) => p.level === 0);
    const l2 = pages.filter((p) => p.level === 1);
    if (l2.length > 1) duplicatePages++;
    if (l1[0] && l2[0]) lateTimers.push(l2[0].at - (l1[0].at + LEVEL1_SECONDS * 1000));
    else if (l1[0] && Date.now() > l1[0].at + LEVEL1_SECONDS * 1000 + 5_000) missingPages++;
  }
  let confirmed = 0;
  let lost = 0;
  let lostNearRedisKill = 0;
  let falseReplies = 0;
  for (const note of notes) {
    const replies = [note.ack, ...standin.responses.filter((r) => r.id === note.responseId).map((r) => textOf(r.body))].filter((t): t is string => !!t && !t.startsWith(':hourglass'));
    const said = replies[0];
    const count = saved.get(note.text) ?? 0;
    if (said?.startsWith(':memo: Saved')) {
      confirmed++;
      if (count === 0) {
        if (redisKills.some((k) => k - note.sentAt < 3_000 && k - note.sentAt > -1_000)) lostNearRedisKill++;
        else lost++;
      }
    }
    if (said !== undefined && /not saved|nothing was recorded/i.test(said) && count > 0) falseReplies++;
  }
  const duplicates = [...saved.values()].filter((c) => c > 1).length;
  const late = lateTimers.filter((ms) => ms > 5_000).length;
  const report = {
    seconds: SECONDS,
    operations: { notes: notes.length, confirmed, declares, declareFailures, unacknowledged: notes.filter((n) => n.failed).length },
    kills,
    crashedOnTheirOwn: crashes,
    losses: { confirmedNotesLost: lost, lostWithinRedisFsyncWindow: lostNearRedisKill },
    duplicates: { notesSavedTwice: duplicates, level2PagedTwice: duplicatePages },
    timers: { escalations: lateTimers.length, lateOver5s: late, missing: missingPages, worstMs: lateTimers.length ? Math.max(...lateTimers) : 0 },
    falseReplies,
  };
  console.log(JSON.stringify(report, null, 2));
  client.disconnect();
  await Promise.all([stop(web, 'SIGTERM'), stop(worker, 'SIGTERM')]);
  redis?.kill('SIGTERM');
  await standin.close();
  process.exit(lost + duplicates + duplicatePages + falseReplies === 0 ? 0 : 1);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(2);
});
