import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { fileURLToPath } from 'node:url';
import { closeServices, createServices } from '../src/runtime/services.js';
import { loadConfig } from '../src/config/env.js';
import { FileConfig } from '../src/config/settings.js';
import { startPaging } from '../src/domain/escalation.js';
import type { PolicySnapshot } from '../src/domain/escalation-state.js';
import { declare } from '../src/domain/lifecycle.js';
import { workerConnection } from '../src/jobs/connection.js';
import { shardCount, shardPrefix, teamShard } from '../src/jobs/shards.js';
import { armEscalation, runEscalationTimer } from '../src/app/escalation-timers.js';
import { noHooks } from '../src/app/hooks.js';
import { EscalationTimerJob, QueueName } from '../src/jobs/queues.js';
import { TIMER_CONCURRENCY } from '../src/workers/escalation-timers.js';
import { silentLogger } from '../src/telemetry/log.js';
import type { Services } from '../src/app/context.js';
import { usedMemory } from './redis-memory.js';
import { round, summarise } from './stats.js';
import { ids } from '../tests/support/entry-ids.js';

/**
 * Escalation timers at scale: 10,000 incidents, each with its level-1 acknowledgement timer
 * armed through the real code (`armEscalation`, BullMQ delayed jobs). Deadlines are spread
 * over a window (200 a second by default), and the real
 * processor runs them: it re-reads the incident, commits the escalation, arms the next level
 * and enqueues the page delivery (no delivery worker runs, so Slack is never called).
 *
 * Figures: lateness of the processor's start after the deadline (median, p99, max), and the
 * Redis memory the armed timers take, `used_memory` after arming minus before, per timer.
 */

const TEAM = 'TBENCHESC';
const quick = process.env.BENCH_QUICK === '1';
const N = Number(process.env.BENCH_ESC_TIMERS ?? (quick ? 2_000 : 10_000));
/**
 * The window the deadlines are spread over: 200 firings a second by default, far above what
 * a workspace sees (a few incidents an hour) yet within what one worker process sustains
 * next to Redis on a small machine. BENCH_ESC_SPREAD_MS=20000 (500/s) shows the knee.
 */
const SPREAD_MS = Number(process.env.BENCH_ESC_SPREAD_MS ?? (N * 1000) / 200);
/** Timers that fire just before the measured ones and are not counted: a worker process is long-lived, so its code is warm. */
const WARMUP = Number(process.env.BENCH_ESC_WARMUP ?? 1_000);
const WARMUP_MS = 3_000;

const policy: PolicySnapshot = {
  name: 'Platform',
  repeatLast: 2,
  levels: [
    { name: 'On-call engineering', targets: [{ type: 'user', id: 'U0ANA' }], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 15, sev4: 30 } },
    { name: 'Database administrators', targets: [{ type: 'usergroup', id: 'S0DBA' }], ackTimeoutMinutes: { sev1: 60, sev2: 60, sev3: 60, sev4: 60 } },
  ],
};

async function seedIncidents(s: Services, now: number): Promise<void> {
  const batch = 500;
  for (let start = 1; start <= N + WARMUP; start += batch) {
    const writes: Promise<unknown>[] = [];
    for (let n = start; n < Math.min(start + batch, N + WARMUP + 1); n++) {
      const { incident } = declare({ teamId: TEAM, number: n, title: `Checkout returns 502 (${n})`, severity: 'sev1', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U0IC', source: 'command', now, ids });
      const paged = startPaging({ ...incident, setup: { ...incident.setup, channelId: `C0B${n}`, complete: true } }, policy, now, ids);
      writes.push(s.incidents.save(0, { incident: paged.incident, add: paged.entries }));
    }
    await Promise.all(writes);
  }
}

/** Puts each incident's deadline at its slot in the window, in the saved state and as a job. */
async function armAll(s: Services, first: number): Promise<Map<number, number>> {
  const deadlines = new Map<number, number>();
  const batch = 500;
  for (let start = 1; start <= N + WARMUP; start += batch) {
    const work: Promise<unknown>[] = [];
    for (let n = start; n < Math.min(start + batch, N + WARMUP + 1); n++) {
      // 1…N are measured; the warm-up ones fire in the seconds before.
      const at = n <= N ? Math.round(first + ((n - 1) * SPREAD_MS) / N) : Math.round(first - WARMUP_MS + ((n - N - 1) * (WARMUP_MS - 500)) / WARMUP);
      deadlines.set(n, at);
      work.push(
        s.incidents
          .mutate(TEAM, n, ({ incident }) => ({ change: { incident: { ...incident, escalation: { ...incident.escalation!, deadline: at } } }, result: undefined }))
          .then(() => armEscalation(s, TEAM, n, { level: 0, attempt: 0, at })),
      );
    }
    await Promise.all(work);
  }
  return deadlines;
}

/** On a cluster (`clusterNodes`, host:port list) the Redis memory figure is left out: it would be one master's. */
export async function benchEscalation(redisUrl: string, clusterNodes?: string): Promise<Record<string, number>> {
  const raw = clusterNodes ? undefined : new Redis(redisUrl, { protocol: 2 });
  await raw?.flushdb();
  const config = loadConfig({ REDIS_URL: redisUrl, SLACK_API_URL: 'http://127.0.0.1:9/api/', DEFAULT_TIMEZONE: 'Africa/Nairobi', ...(clusterNodes ? { REDIS_CLUSTER_NODES: clusterNodes, JOB_TAG: 'wr-bench-esc' } : {}) });
  const s = createServices(config, { hooks: noHooks, log: silentLogger, settings: FileConfig.parse({}) });
  let worker: Worker | undefined;
  const jobs = workerConnection(config);
  try {
    await seedIncidents(s, Date.now());
    await s.queues.get(QueueName.timers, TEAM).waitUntilReady();
    const before = raw ? await usedMemory(raw) : 0;
    // Arming must finish before the first deadline, or the memory figure would include fired jobs.
    const t0 = Date.now();
    const first = t0 + 8_000 + WARMUP_MS + N;
    const deadlines = await armAll(s, first);
    const armMs = Date.now() - t0;
    const after = raw ? await usedMemory(raw) : 0;
    if (Date.now() >= first - WARMUP_MS) throw new Error(`arming took ${armMs} ms, past the first deadline; raise the lead time`);

    const lateness: number[] = [];
    let completed = 0;
    const lateByIncident = new Map<number, number>();
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    worker = new Worker(
      QueueName.timers,
      async (job) => {
        const data = EscalationTimerJob.parse(job.data);
        const late = Date.now() - (deadlines.get(data.incident) ?? Number.NaN);
        if (data.incident <= N) {
          lateness.push(late);
          lateByIncident.set(data.incident, late);
        }
        await runEscalationTimer(s, data);
        if (++completed === N + WARMUP) done();
      },
      { connection: jobs.connection, prefix: shardPrefix(config.JOB_TAG, teamShard(TEAM, shardCount(config))), concurrency: TIMER_CONCURRENCY },
    );
    worker.on('error', () => undefined);
    await Promise.race([finished, new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${lateness.length} of ${N} timers fired`)), first - Date.now() + SPREAD_MS + 60_000).unref())]);

    const escalated = await s.incidents.loadMany(TEAM, [1, Math.ceil(N / 2), N]);
    if (escalated.some((i) => i.escalation?.level !== 1)) throw new Error('a fired timer did not escalate its incident');
    const delivered = (await s.queues.get(QueueName.paging, TEAM).getJobCountByTypes('wait')) - WARMUP;
    const l = summarise(lateness);
    if (process.env.BENCH_ESC_DEBUG) {
      const bySecond = new Map<number, number[]>();
      for (const [n, at] of deadlines) {
        if (n > N) continue;
        const sec = Math.floor((at - first) / 1000);
        bySecond.set(sec, [...(bySecond.get(sec) ?? []), lateByIncident.get(n) ?? Number.NaN]);
      }
      for (const [sec, xs] of bySecond) process.stderr.write(`${sec}s: ${JSON.stringify(summarise(xs))}\n`);
    }
    return {
      timers: N,
      fire_rate_per_s: Math.round((N * 1000) / SPREAD_MS),
      arm_ms: armMs,
      late_p50_ms: round(l.p50, 1),
      late_p99_ms: round(l.p99, 1),
      late_max_ms: round(l.max, 1),
      late_mean_ms: round(l.mean, 1),
      early_count: lateness.filter((x) => x < 0).length,
      page_deliveries_queued: delivered,
      ...(raw ? { redis_bytes_per_armed_timer: Math.round((after - before) / (N + WARMUP)) } : {}),
    };
  } finally {
    await worker?.close();
    await jobs.close();
    await s.queues.get(QueueName.timers, TEAM).obliterate({ force: true }).catch(() => undefined);
    await s.queues.get(QueueName.paging, TEAM).obliterate({ force: true }).catch(() => undefined);
    await closeServices(s);
    await raw?.flushdb();
    await raw?.quit();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { startRedisServer } = await import('../tests/support/redis-server.js');
  const server = await startRedisServer();
  try {
    process.stdout.write(`${JSON.stringify(await benchEscalation(`${server.url}/3`), null, 2)}\n`);
  } finally {
    await server.stop();
  }
}
