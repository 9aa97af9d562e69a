import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { allFeatures, assemble } from '../src/features/index.js';
import { noHooks } from '../src/app/hooks.js';
import { loadConfig } from '../src/config/env.js';
import { FileConfig } from '../src/config/settings.js';
import { QueueName } from '../src/jobs/queues.js';
import { workerConnection } from '../src/jobs/connection.js';
import { consumedShards, shardPrefix } from '../src/jobs/shards.js';
import { closeServices, createServices } from '../src/runtime/services.js';
import { createBoltApp } from '../src/slack/listeners/bolt-app.js';
import { silentLogger } from '../src/telemetry/log.js';
import { startRedisCluster, type LocalCluster } from '../tests/support/redis-cluster.js';
import { startRedisServer } from '../tests/support/redis-server.js';
import { declareThroughApp, SIGNING_SECRET, startSlack, TOKEN, USER } from './fixture.js';
import { benchEscalation } from './escalation.js';
import { round, summarise } from './stats.js';

/**
 * The cluster part: the same warroom on one Redis and on a local 3-master Redis Cluster, in
 * one run. (1) `/incident note` confirmation latency, one note at a time, through the real
 * Bolt app and the stand-in; (2) Redis commands per master while arming and firing timers
 * spread over many workspaces, read from each master's INFO commandstats, with the sharded
 * queues and with the old single tag (JOB_SHARDS=1), and how late those timers start (their
 * processor does nothing: BullMQ's own lateness); (3) real escalation timers on the cluster
 * (bench/escalation.ts: each fires, escalates its incident and queues a page).
 */

export interface ClusterBenchOptions {
  notes: number;
  timers: number;
  workspaces: number;
}

export const CLUSTER_DEFAULTS: ClusterBenchOptions = { notes: 300, timers: 10_000, workspaces: 30 };
const QUICK: ClusterBenchOptions = { notes: 60, timers: 1_500, workspaces: 30 };

type RedisEnv = { REDIS_URL: string; REDIS_CLUSTER_NODES?: string; JOB_SHARDS?: string; JOB_TAG?: string };

async function noteLatency(env: RedisEnv, notes: number): Promise<{ p50: number; p99: number }> {
  const { standin, general } = await startSlack();
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: standin.apiUrl, DEFAULT_TIMEZONE: 'Africa/Nairobi', ...env });
  const features = assemble(allFeatures);
  const s = createServices(config, { hooks: features.hooks, log: silentLogger, settings: FileConfig.parse({}), echoSpacingMs: 0 });
  const app = createBoltApp(s, { token: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: standin.apiUrl, interactions: features.interactions });
  const server = (await app.start(0)) as Server;
  standin.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
  try {
    const { channelId } = await declareThroughApp(standin, general, 'Bench: checkout 502s');
    const ms: number[] = [];
    for (let i = 0; i < notes; i++) {
      const t0 = Date.now();
      const sent = await standin.sendCommand({ user: USER, channel: channelId, text: `note bench ${i}` });
      if (sent.body.includes('Saved to the timeline')) {
        ms.push(Date.now() - t0);
      } else {
        // The stand-in stamps each response_url post as it arrives; its polling would add up to 20 ms.
        const id = sent.responseUrl.split('/').pop();
        const reply = await standin.waitFor(() => standin.responses.find((r) => r.id === id), 10_000);
        ms.push(reply.at - t0);
      }
    }
    const warm = summarise(ms.slice(Math.min(10, Math.floor(notes / 5))));
    return { p50: round(warm.p50, 2), p99: round(warm.p99, 2) };
  } finally {
    await app.stop();
    await closeServices(s);
    await standin.close();
  }
}

async function commandCalls(ports: number[]): Promise<Map<number, number>> {
  const calls = new Map<number, number>();
  for (const port of ports) {
    const r = new Redis(port, '127.0.0.1', { protocol: 2 });
    try {
      const stats = String(await r.info('commandstats'));
      let total = 0;
      for (const m of stats.matchAll(/^cmdstat_([a-z|]+):calls=(\d+)/gm)) if (m[1] !== 'info' && m[1] !== 'ping' && m[1] !== 'cluster|info') total += Number(m[2]);
      calls.set(port, total);
    } finally {
      r.disconnect();
    }
  }
  return calls;
}

/** Arms `timers` delayed jobs over `workspaces` workspaces, fires them all, and counts what each master served. */
async function timerSpread(cluster: LocalCluster, o: ClusterBenchOptions, shards: string, tag: string) {
  const env: RedisEnv = { REDIS_URL: `redis://${cluster.nodes.split(',')[0] ?? ''}`, REDIS_CLUSTER_NODES: cluster.nodes, JOB_SHARDS: shards, JOB_TAG: tag };
  const config = loadConfig({ DEFAULT_TIMEZONE: 'UTC', ...env });
  const s = createServices(config, { hooks: noHooks, log: silentLogger, settings: FileConfig.parse({}) });
  const jobs = workerConnection(config);
  const masters = await cluster.masters();
  const lateness: number[] = [];
  let fired = 0;
  const workers = consumedShards(config).map(
    (shard) =>
      new Worker(QueueName.timers, async (job) => {
        lateness.push(Date.now() - (job.timestamp + (job.opts.delay ?? 0)));
        fired++;
      }, { connection: jobs.connection, prefix: shardPrefix(config.JOB_TAG, shard), concurrency: 50 }),
  );
  try {
    await Promise.all(workers.map((w) => w.waitUntilReady()));
    const teams = Array.from({ length: o.workspaces }, (_, i) => `TBENCHCL${i}`);
    const before = await commandCalls(masters);
    // Deadlines spread over a window after arming is done, a few hundred a second.
    const start = Date.now() + 3_000;
    const windowMs = Math.max(2_000, o.timers * 2);
    for (let i = 0; i < o.timers; i += 200) {
      await Promise.all(
        Array.from({ length: Math.min(200, o.timers - i) }, (_, j) => {
          const n = i + j;
          const team = teams[n % teams.length] ?? '';
          const at = start + Math.floor((n / o.timers) * windowMs);
          return s.queues.get(QueueName.timers, team).add('escalate', { teamId: team, incident: n, level: 0, attempt: 0 }, { jobId: `bench-${tag}-${n}`, delay: Math.max(0, at - Date.now()) });
        }),
      );
    }
    if (Date.now() > start) process.stderr.write('cluster bench: arming ran past the first deadline\n');
    const until = Date.now() + windowMs + 60_000;
    while (fired < o.timers && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const after = await commandCalls(masters);
    const perMaster = masters.map((p) => (after.get(p) ?? 0) - (before.get(p) ?? 0));
    const mean = perMaster.reduce((a, b) => a + b, 0) / perMaster.length;
    const late = summarise(lateness);
    return {
      fired,
      ...Object.fromEntries(perMaster.map((n, i) => [`commands_master_${i + 1}`, n])),
      max_over_mean: round(Math.max(...perMaster) / mean, 2),
      commands_per_timer: round(perMaster.reduce((a, b) => a + b, 0) / o.timers, 1),
      late_p50_ms: round(late.p50, 1),
      late_p99_ms: round(late.p99, 1),
    };
  } finally {
    await Promise.all(workers.map((w) => w.close()));
    await jobs.close();
    await closeServices(s);
  }
}

export async function benchCluster(options: Partial<ClusterBenchOptions> = {}): Promise<Record<string, number>> {
  const o = { ...(process.env.BENCH_QUICK ? QUICK : CLUSTER_DEFAULTS), ...options };
  const single = await startRedisServer();
  const cluster = await startRedisCluster({ masters: 3, replicas: 0 });
  try {
    const one = await noteLatency({ REDIS_URL: single.url }, o.notes);
    const three = await noteLatency({ REDIS_URL: `redis://${cluster.nodes.split(',')[0] ?? ''}`, REDIS_CLUSTER_NODES: cluster.nodes }, o.notes);
    const sharded = await timerSpread(cluster, o, '16', 'wr-bench-sharded');
    const oneTag = await timerSpread(cluster, o, '1', 'wr-bench-onetag');
    // Real escalations (bench/escalation.ts) on the cluster: BENCH_ESC_TIMERS of them, 200 due a second.
    const escalation = await benchEscalation(`redis://${cluster.nodes.split(',')[0] ?? ''}`, cluster.nodes);
    const escalationSingle = await benchEscalation(single.url);
    const prefixed = (prefix: string, figs: Record<string, number>) => Object.fromEntries(Object.entries(figs).map(([k, v]) => [`${prefix}_${k}`, v]));
    return {
      notes: o.notes,
      timers: o.timers,
      workspaces: o.workspaces,
      note_confirmation_single_p50_ms: one.p50,
      note_confirmation_single_p99_ms: one.p99,
      note_confirmation_cluster_p50_ms: three.p50,
      note_confirmation_cluster_p99_ms: three.p99,
      note_confirmation_cluster_over_single_p50: round(three.p50 / one.p50, 2),
      ...prefixed('timers_k16', sharded),
      ...prefixed('timers_k1', oneTag),
      escalation_cluster_timers: escalation.timers ?? 0,
      escalation_cluster_late_p50_ms: escalation.late_p50_ms ?? 0,
      escalation_cluster_late_p99_ms: escalation.late_p99_ms ?? 0,
      escalation_single_late_p50_ms: escalationSingle.late_p50_ms ?? 0,
      escalation_single_late_p99_ms: escalationSingle.late_p99_ms ?? 0,
    };
  } finally {
    await cluster.stop();
    await single.stop();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${JSON.stringify(await benchCluster(), null, 2)}\n`);
}
