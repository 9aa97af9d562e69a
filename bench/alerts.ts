/**
 * `npx tsx bench/alerts.ts` (issue 15): alert intake on one web process.
 *  1. Alerts a second one web process takes while `/incident note` keeps its median ack
 *     within 1.2 × its figure without alerts (notes at 50/s, alerts at rising rates, open loop).
 *  2. Alertmanager webhook → incident channel created, p50/p99, with one worker process.
 * The web and worker are real `src/runtime/main.ts` processes; Slack is the local stand-in.
 * BENCH_QUICK=1 shortens every phase.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer } from '../tests/support/redis-server.js';
import { declareThroughApp, SIGNING_SECRET, startSlack, TEAM, TOKEN, USER } from './fixture.js';
import { openLoop } from './open-loop.js';
import { noteText, slashRequest } from './slash.js';
import { startSink } from './sink.js';
import { round, summarise } from './stats.js';

const quick = process.env.BENCH_QUICK === '1';
const PHASE_MS = quick ? 3_000 : 8_000;
const NOTE_RATE = 50;
const ALERT_RATES = quick ? [200, 800] : [200, 400, 800, 1_600, 3_200];
/** Slack lets an app create 20 channels a minute (tier 2), and the bot keeps to it: more would measure the wait. */
const CHANNEL_SAMPLES = quick ? 10 : 20;
const ALERT_TOKEN = 'bench-alert-token-0123456789';
const root = fileURLToPath(new URL('..', import.meta.url));
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function startProcess(mode: 'web' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/runtime/main.ts', mode], { cwd: root, env: { ...process.env, ...env, NODE_ENV: 'production', LOG_LEVEL: 'error' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function waitHealthy(url: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // starting
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('web process did not start');
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const { standin, general } = await startSlack();
  const sink = await startSink();
  const dir = mkdtempSync(join(tmpdir(), 'warroom-bench-alerts-'));
  const config = join(dir, 'warroom.json');
  writeFileSync(
    config,
    JSON.stringify({
      alerts: {
        routes: [
          { name: 'bench', format: 'generic', token: ALERT_TOKEN, rateLimitPerMinute: 10_000_000, rules: [{ action: 'ignore' }] },
          { name: 'am', format: 'alertmanager', token: ALERT_TOKEN, rules: [{ action: 'declare', severity: 'sev2', groupBy: ['alertname'] }] },
        ],
      },
    }),
  );
  const port = await freePort();
  const env = { SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standin.apiUrl, REDIS_URL: redis.url, PORT: String(port), WARROOM_CONFIG: config };
  const web = startProcess('web', env);
  const appUrl = `http://127.0.0.1:${port}`;
  await waitHealthy(appUrl);
  standin.setAppUrl(`${appUrl}/slack/events`);
  const { channelId } = await declareThroughApp(standin, general, 'Alert intake bench');
  const slash = { signingSecret: SIGNING_SECRET, teamId: TEAM, channelId, userId: USER };

  // Part 1: intake. Alerts are accepted and queued (no worker runs: the web process's share only).
  let seq = 0;
  const notes = (tag: string) =>
    openLoop({
      url: `${appUrl}/slack/events`,
      rate: NOTE_RATE,
      durationMs: PHASE_MS,
      build: (_i, dueAt) => slashRequest(slash, noteText(seq++), sink.responseUrl(tag, dueAt)),
    });
  const alerts = (rate: number) =>
    openLoop({
      url: `${appUrl}/alerts/bench`,
      rate,
      durationMs: PHASE_MS,
      build: (i) => ({
        body: JSON.stringify({ title: `Bench alert ${rate}-${i}`, status: 'firing', fingerprint: `b-${rate}-${i}`, labels: { alertname: 'Bench', instance: `host-${i % 100}` }, url: 'https://grafana.example/d/bench' }),
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` },
      }),
    });
  await notes('warmup');
  const base = summarise((await notes('base')).ackMs);
  log(`notes alone: ack p50 ${round(base.p50)} ms, p99 ${round(base.p99)} ms`);
  const rows: { rate: number; accepted: number; errors: number; noteP50: number; noteP99: number; alertP50: number; ratio: number }[] = [];
  for (const rate of ALERT_RATES) {
    const [n, a] = await Promise.all([notes(`with-${rate}`), alerts(rate)]);
    const ns = summarise(n.ackMs);
    const as = summarise(a.ackMs);
    const row = { rate, accepted: round(a.ok / (a.elapsedMs / 1000), 0), errors: a.errors + n.errors, noteP50: round(ns.p50), noteP99: round(ns.p99), alertP50: round(as.p50), ratio: round(ns.p50 / base.p50, 2) };
    rows.push(row);
    log(`alerts @ ${rate}/s: accepted ${row.accepted}/s, errors ${row.errors}, alert ack p50 ${row.alertP50} ms; note ack p50 ${row.noteP50} ms (${row.ratio} ×), p99 ${row.noteP99} ms`);
  }
  const kept = rows.filter((r) => r.ratio <= 1.2 && r.errors === 0);
  const best = kept.length ? Math.max(...kept.map((r) => r.accepted)) : 0;

  // Part 2: Alertmanager webhook → channel created, with one worker draining the queue.
  const redisCli = (await import('ioredis')).Redis;
  const r = new redisCli(redis.url);
  await r.flushall();
  await r.quit();
  const worker = startProcess('worker', env);
  await new Promise((res) => setTimeout(res, 2_000));
  const lat: number[] = [];
  for (let i = 0; i < CHANNEL_SAMPLES; i++) {
    const name = `BenchGroup${i}`;
    const body = {
      version: '4', groupKey: `{}:{alertname="${name}"}`, status: 'firing', receiver: 'warroom', groupLabels: { alertname: name }, commonLabels: { alertname: name }, commonAnnotations: {}, externalURL: 'http://am',
      alerts: [{ status: 'firing', labels: { alertname: name, severity: 'critical' }, annotations: { summary: `bench ${i}` }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'http://prom/graph', fingerprint: `fp${i}` }],
    };
    const t0 = performance.now();
    const res = await fetch(`${appUrl}/alerts/am`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ALERT_TOKEN}` }, body: JSON.stringify(body) });
    if (res.status !== 202) throw new Error(`webhook answered ${res.status}`);
    const want = `bench-${i}`;
    await standin.waitFor(() => [...standin.state.channels.values()].some((c) => c.name.endsWith(want)), 30_000);
    lat.push(performance.now() - t0);
    // Clear the stand-in's record so its scans stay short.
    standin.calls.length = 0;
  }
  const ch = summarise(lat);
  log(`Alertmanager webhook → channel created (${ch.count} incidents, one at a time): p50 ${round(ch.p50, 1)} ms, p99 ${round(ch.p99, 1)} ms`);
  log(`RESULT alerts/s per web process with note ack p50 ≤ 1.2 × (${round(base.p50)} ms): ${best}`);
  process.stdout.write(`${JSON.stringify({ noteBaseP50: round(base.p50), rows, bestAlertsPerSecond: best, channelCreated: { p50: round(ch.p50, 1), p99: round(ch.p99, 1), samples: ch.count } }, null, 2)}\n`);
  worker.kill('SIGTERM');
  web.kill('SIGTERM');
  await sink.close();
  await standin.close();
  await redis.stop();
  process.exit(0);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
