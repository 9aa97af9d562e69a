import { pathToFileURL } from 'node:url';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { closeServices, createServices } from '../src/runtime/services.js';
import { loadConfig } from '../src/config/env.js';
import { FileConfig } from '../src/config/settings.js';
import { addActionItem } from '../src/domain/action-item-rules.js';
import { policyFromSettings, type ReminderPolicy } from '../src/domain/action-item-schedule.js';
import { declare } from '../src/domain/lifecycle.js';
import { fanOutDigests } from '../src/app/action-item-digest.js';
import { noHooks } from '../src/app/hooks.js';
import { QueueName } from '../src/jobs/queues.js';
import { actionItemDigestsProcessor } from '../src/workers/action-items.js';
import { QUEUE_PREFIX, workerConnection } from '../src/jobs/connection.js';
import { silentLogger } from '../src/telemetry/log.js';
import type { Services } from '../src/app/context.js';
import { startStandin } from '../src/standin/index.js';
import { actionItemStoreFor, itemOps } from '../src/store/action-items.js';
import type { Op } from '../src/store/commit.js';
import { keys } from '../src/store/keys.js';
import { usedMemory } from './redis-memory.js';
import { round, summarise } from './stats.js';
import { ids } from '../tests/support/entry-ids.js';

/**
 * Part 4b: 100,000 open action items over 10,000 incidents and 2,000 owners in one workspace.
 * Items are written with the store's own index layout (`itemOps`), in pipelines. Figures: how
 * long "what is due now" takes (a range read of the due index), and one daily digest: the
 * fan-out (one job per owner), then every owner's job run by a real BullMQ worker against the
 * local Slack stand-in, with Redis memory before, after the fan-out and after the run.
 */
export interface ActionsBenchOptions {
  items: number;
  incidents: number;
  owners: number;
  samples: number;
  log?: (line: string) => void;
}

const DEFAULTS: ActionsBenchOptions = { items: 100_000, incidents: 10_000, owners: 2_000, samples: 20 };
const TEAM = 'T0BENCHACT';
const TOKEN = 'xoxb-bench-actions';
const SECRET = 'bench-actions-signing-secret-0123';
/** Wednesday, May 20 2026, 08:30 EAT: every owner's digest hour falls within the next day, on a working day. */
const START = Date.parse('2026-05-20T05:30:00Z');
const DAY_MS = 86_400_000;
const ZONES = ['Africa/Nairobi', 'Europe/Stockholm', 'Africa/Lagos', 'America/New_York', 'Asia/Tokyo', 'Asia/Kolkata'];

const owner = (i: number): string => `U${String(i).padStart(6, '0')}`;
const isoDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** A realistic spread: a fifth overdue, a tenth due today, half later, a fifth undated. */
function dueFor(i: number): string | undefined {
  const r = i % 10;
  if (r < 2) return isoDay(START - (1 + (i % 30)) * DAY_MS);
  if (r < 3) return isoDay(START);
  if (r < 8) return isoDay(START + (1 + (i % 60)) * DAY_MS);
  return undefined;
}

function pipe(p: ReturnType<Redis['pipeline']>, o: Op): void {
  switch (o.op) {
    case 'hset':
      p.hset(o.key, o.field, o.value);
      break;
    case 'sadd':
      p.sadd(o.key, o.member);
      break;
    case 'zadd':
      p.zadd(o.key, o.score, o.member);
      break;
    default:
      throw new Error(`seeding does not expect ${o.op}`);
  }
}

async function seed(s: Services, o: ActionsBenchOptions, policy: ReminderPolicy): Promise<void> {
  const r = s.redis;
  for (let start = 1; start <= o.incidents; start += 1_000) {
    const p = r.pipeline();
    for (let n = start; n < Math.min(start + 1_000, o.incidents + 1); n++) {
      const { incident } = declare({ teamId: TEAM, number: n, title: `Checkout 502s #${n}`, severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: owner(1), source: 'command', now: START - 40 * DAY_MS, ids });
      const done = { ...incident, status: 'closed' as const, setup: { ...incident.setup, channelId: `C0B${n.toString(36).toUpperCase().padStart(6, '0')}`, complete: true } };
      p.hset(keys.incident(TEAM, n), 'json', JSON.stringify(done), 'v', '1');
    }
    await p.exec();
  }
  const { incident: template } = declare({ teamId: TEAM, number: 1, title: 'x', severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: owner(1), source: 'command', now: START, ids });
  for (let start = 1; start <= o.items; start += 2_000) {
    const p = r.pipeline();
    for (let id = start; id < Math.min(start + 2_000, o.items + 1); id++) {
      const who = owner(((id * 7) % o.owners) + 1);
      const incident = { ...template, number: ((id - 1) % o.incidents) + 1 };
      const { item } = addActionItem(
        incident,
        { id, text: `Alert when the connection pool of db-${id % 40} is above 90% for five minutes`, kind: id % 3 ? 'corrective' : 'preventive', owner: who, ownerTimeZone: ZONES[id % ZONES.length], due: dueFor(id) },
        { by: owner(1), now: START - 10 * DAY_MS, ids, source: 'command', policy },
      );
      for (const op of itemOps(undefined, item, policy)) pipe(p, op);
    }
    await p.exec();
  }
  await r.set(keys.actionSeq(TEAM), String(o.items));
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}

export async function benchActions(redisUrl: string, options: Partial<ActionsBenchOptions> = {}): Promise<Record<string, number>> {
  const o = { ...DEFAULTS, ...options };
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const t0 = Date.now();
  const now = (): number => START + (Date.now() - t0);
  const standin = await startStandin({ botToken: TOKEN, signingSecret: SECRET, teamId: TEAM, now });
  for (let i = 1; i <= o.owners; i++) standin.addUser({ id: owner(i), name: `owner${i}`, tz: ZONES[i % ZONES.length] ?? 'UTC' });
  const config = loadConfig({ SLACK_BOT_TOKEN: TOKEN, SLACK_SIGNING_SECRET: SECRET, SLACK_API_URL: standin.apiUrl, REDIS_URL: redisUrl, DEFAULT_TIMEZONE: 'Africa/Nairobi' });
  const s = createServices(config, { hooks: noHooks, log: silentLogger, now, settings: FileConfig.parse({}) });
  const policy = policyFromSettings(s.settings.actionItems);
  const redis = s.redis;
  if (!(redis instanceof Redis)) throw new Error('the action items bench runs on one Redis, not a cluster');
  const store = actionItemStoreFor(redis);
  let worker: Worker | undefined;
  let closeJobs = async (): Promise<void> => undefined;
  try {
    await redis.flushdb();
    const empty = await usedMemory(redis);
    log(`actions: seeding ${o.items} items over ${o.incidents} incidents and ${o.owners} owners`);
    const seeded = await timed(() => seed(s, o, policy));
    const withItems = await usedMemory(redis);

    const dueRuns: number[] = [];
    let dueCount = 0;
    for (let i = 0; i < o.samples; i++) {
      const run = await timed(() => store.dueIds(TEAM, now()));
      dueRuns.push(run.ms);
      dueCount = run.value.length;
    }
    const pageRuns: number[] = [];
    for (let i = 0; i < o.samples; i++) pageRuns.push((await timed(async () => store.getMany(TEAM, await store.dueIds(TEAM, now(), 1_000)))).ms);

    log('actions: daily digest');
    const beforeDigest = await usedMemory(redis);
    const fanOut = await timed(() => fanOutDigests(s, TEAM, now()));
    const queued = await usedMemory(redis);
    let completed = 0;
    let failed = 0;
    const jobs = workerConnection(config);
    closeJobs = jobs.close;
    worker = new Worker(QueueName.actionItemDigests, (job) => actionItemDigestsProcessor.process(s, job), { connection: jobs.connection, prefix: QUEUE_PREFIX, concurrency: 50 });
    worker.on('completed', () => completed++);
    worker.on('failed', () => failed++);
    const run = await timed(async () => {
      // Each owner's job waits for 9:00 in their zone; the run does them all now.
      await s.queues.get(QueueName.actionItemDigests, TEAM).promoteJobs();
      while (completed + failed < fanOut.value) await new Promise((r) => setTimeout(r, 20));
    });
    const afterRun = await usedMemory(redis);
    const dms = [...standin.state.dms.values()].filter((c) => standin.state.messagesIn(c).length > 0).length;
    const due = summarise(dueRuns);
    const page = summarise(pageRuns);
    return {
      items: o.items,
      incidents: o.incidents,
      owners: o.owners,
      seed_s: round(seeded.ms / 1000, 1),
      redis_bytes_per_item: Math.round((withItems - empty) / o.items),
      due_now_items: dueCount,
      due_now_ids_p50_ms: round(due.p50),
      due_now_ids_p99_ms: round(due.p99),
      due_now_first_1000_items_p50_ms: round(page.p50),
      digest_jobs: fanOut.value,
      digest_fanout_ms: round(fanOut.ms, 1),
      digest_run_ms: round(run.ms, 1),
      digest_failed_jobs: failed,
      digest_dms_sent: dms,
      digest_redis_bytes_queued: queued - beforeDigest,
      digest_redis_bytes_after_run: afterRun - beforeDigest,
    };
  } finally {
    await worker?.close();
    await closeJobs();
    await s.queues.get(QueueName.actionItemDigests, TEAM).obliterate({ force: true }).catch(() => undefined);
    await closeServices(s);
    await standin.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { startRedisServer } = await import('../tests/support/redis-server.js');
  const server = await startRedisServer();
  try {
    const quick = process.env.BENCH_QUICK === '1';
    const figures = await benchActions(server.url, quick ? { items: 10_000, incidents: 1_000, owners: 200, samples: 5 } : {});
    process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  } finally {
    await server.stop();
  }
}
