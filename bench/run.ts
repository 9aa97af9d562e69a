/**
 * `npm run bench`: every figure of issue 7 in one run, against a private redis-server
 * (`--hz 100`, no persistence). Prints a table and writes bench/results.json.
 * BENCH_QUICK=1 shortens every part for a smoke run of about a minute; BENCH_PROFILE=1
 * writes a CPU profile of the server process into bench/profiles/.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Redis } from 'ioredis';
import { startRedisServer } from '../tests/support/redis-server.js';
import { createIncidentStore } from '../src/store/incidents.js';
import { createAppRedis } from '../src/store/redis.js';
import { benchCommands, commandFigures, type CommandBenchOptions, type Row } from './commands.js';
import { declareThroughApp, SIGNING_SECRET, startSlack, TEAM, TOKEN, trimStandinWhileRunning, USER } from './fixture.js';
import { describeMachine, type Machine } from './machine.js';
import { benchActions } from './actions.js';
import { benchEscalation } from './escalation.js';
import { benchCluster } from './cluster.js';
import { runPart, type PartOutcome } from './others.js';
import { benchPostmortem } from './postmortem.js';
import { commandTable, figureTable, goalTable, judge, machineLine, otherTable, type Goal } from './report.js';
import { startSink } from './sink.js';
import { benchStore, type StoreBenchOptions } from './store-scale.js';
import { startTarget } from './target-process.js';
import { benchTimeline, type TimelineBenchOptions } from './timeline.js';

const quick = process.env.BENCH_QUICK === '1';
/** BENCH_ONLY=commands,timeline,store,postmortem,actions,escalation,cluster runs just those parts (for profiling). */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const wanted = (part: string): boolean => only.size === 0 || only.has(part);

/** BENCH_RATES=50,100 replaces the open-loop rates (for profiling one load level). */
const rates = process.env.BENCH_RATES ? process.env.BENCH_RATES.split(',').map(Number) : [200, 1000];

const options = {
  commands: (quick
    ? { rates, openLoopMs: 3_000, fullSpeedS: 3, warmupMs: 1_000, connections: 32 }
    : { rates, openLoopMs: 20_000, fullSpeedS: 10, warmupMs: 3_000, connections: 32 }) satisfies CommandBenchOptions,
  timeline: (quick
    ? { sizes: [1_000, 10_000], writeSamples: 50, readSamples: 20, batch: 1_000 }
    : { sizes: [1_000, 10_000, 100_000], writeSamples: 200, readSamples: 50, batch: 1_000 }) satisfies TimelineBenchOptions,
  store: (quick ? { incidents: 1_000, openAfter: 50, listSamples: 5 } : { incidents: 10_000, openAfter: 50, listSamples: 20 }) satisfies StoreBenchOptions,
  /** bench/actions.ts's own defaults in a full run (100,000 items). */
  actions: quick ? { items: 10_000, incidents: 1_000, owners: 200, samples: 5 } : {},
};

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function goalsFrom(c: Record<string, number>, t: Record<string, number>, s: Record<string, number>, others: Record<string, PartOutcome>): Goal[] {
  const fig = (o: PartOutcome | undefined): Record<string, number> | undefined => (o?.status === 'ok' ? o.figures : undefined);
  return judge([
    { name: 'ack median, warroom / baseline @ 200/s', value: c.ratio_200_ack_p50, limit: 1.2, kind: 'max', unit: '×' },
    { name: 'ack median, warroom / baseline @ 1000/s', value: c.ratio_1000_ack_p50, limit: 1.2, kind: 'max', unit: '×' },
    { name: 'confirmation p99 @ 200/s', value: c.warroom_200_confirmation_p99_ms, limit: 25, kind: 'max', unit: 'ms' },
    { name: 'full-speed throughput, warroom / baseline', value: c.ratio_full_throughput, limit: 0.5, kind: 'min', unit: '×' },
    { name: 'timeline write at largest / at 1k', value: t.write_growth_ratio, limit: 1.2, kind: 'max', unit: '×' },
    { name: 'Redis bytes per timeline entry', value: t.redis_bytes_per_entry, limit: 400, kind: 'max', unit: 'B' },
    { name: 'Redis bytes per incident (no timeline)', value: s.redis_bytes_per_incident, limit: 2048, kind: 'max', unit: 'B' },
    { name: 'postmortem draft+render at 100k entries', value: fig(others.postmortem)?.entries_100000_total_ms, limit: 1000, kind: 'max', unit: 'ms' },
    { name: 'postmortem per-entry cost at 100k / at 10k', value: fig(others.postmortem)?.per_entry_growth_100k_vs_10k, limit: 1.2, kind: 'max', unit: '×' },
    { name: 'escalation lateness p99 (10k armed)', value: fig(others.escalation)?.late_p99_ms, limit: 20, kind: 'max', unit: 'ms' },
    { name: 'note confirmation p50, 3-master cluster / one Redis', value: fig(others.cluster)?.note_confirmation_cluster_over_single_p50, limit: 1.3, kind: 'max', unit: '×' },
    { name: 'busiest master / mean, 10k timers over 30 workspaces', value: fig(others.cluster)?.timers_k16_max_over_mean, limit: 2, kind: 'max', unit: '×' },
    { name: 'escalation lateness p99 on the 3-master cluster', value: fig(others.cluster)?.escalation_cluster_late_p99_ms, limit: 20, kind: 'max', unit: 'ms' },
  ]);
}

interface Measured {
  rows: Row[];
  commandFigs: Record<string, number>;
  timelineFigs: Record<string, number>;
  storeFigs: Record<string, number>;
  others: Record<string, PartOutcome>;
}

/** Parts 1, 2 and 4: the warroom server in its own process, the Slack stand-in and the sink here. */
async function measureThroughApp(redisUrl: string, redis: Redis, m: Measured): Promise<void> {
  const store = createIncidentStore(redis);
  const { standin, general } = await startSlack();
  const sink = await startSink();
  const target = await startTarget({ redisUrl, apiUrl: standin.apiUrl, token: TOKEN, signingSecret: SIGNING_SECRET, timeZone: 'Africa/Nairobi' }).catch(async (err: unknown) => {
    await Promise.allSettled([sink.close(), standin.close()]);
    throw err;
  });
  const warroomUrl = `http://127.0.0.1:${target.ports.warroom}/slack/events`;
  standin.setAppUrl(warroomUrl);
  const slash = (teamId: string, channelId: string) => ({ signingSecret: SIGNING_SECRET, teamId, channelId, userId: USER });
  try {
    if (wanted('commands')) {
      log('part 1: command latency and throughput');
      const inc = await declareThroughApp(standin, general, 'Bench: command load');
      const trim = trimStandinWhileRunning(standin);
      m.rows = await benchCommands({ redis, standin, sink, target, slash: slash(TEAM, inc.channelId), log }, options.commands).finally(() => trim.stop());
      m.commandFigs = commandFigures(m.rows);
    }
    if (wanted('timeline')) {
      log('part 2: timeline growth');
      const inc = await declareThroughApp(standin, general, 'Bench: long timeline');
      const trim = trimStandinWhileRunning(standin);
      m.timelineFigs = await benchTimeline(
        { redis, store, sink, url: warroomUrl, slash: slash(TEAM, inc.channelId), team: TEAM, number: inc.number, log },
        options.timeline,
      ).finally(() => trim.stop());
    }
    if (wanted('store')) {
      log('part 4: scale of the store');
      m.storeFigs = await benchStore({ redis, store, sink, url: warroomUrl, slash: slash('T0SCALE', general), log }, options.store);
    }
  } finally {
    await target.stop();
    await Promise.allSettled([sink.close(), standin.close()]);
  }
}

/** The other engineers' parts get their own Redis databases so nothing of the above is in their way. */
async function measureOthers(redisUrl: string, m: Measured): Promise<void> {
  if (wanted('postmortem')) {
    log('part 3: postmortem drafting');
    m.others.postmortem = await runPart(() => benchPostmortem());
  }
  if (wanted('actions')) {
    log('part 4b: action items');
    m.others.actions = await runPart(() => benchActions(`${redisUrl}/2`, { ...options.actions, log }));
  }
  if (wanted('escalation')) {
    log('part 5: escalation lateness');
    m.others.escalation = await runPart(() => benchEscalation(`${redisUrl}/3`));
  }
  if (wanted('cluster')) {
    log('part 6: Redis Cluster');
    m.others.cluster = await runPart(() => benchCluster());
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  log(`warroom bench (${quick ? 'quick' : 'full'} mode)`);
  const redisServer = await startRedisServer();
  const redis = createAppRedis(redisServer.url);
  const m: Measured = { rows: [], commandFigs: {}, timelineFigs: {}, storeFigs: {}, others: {} };
  let machine: Machine;
  try {
    machine = await describeMachine(redis);
    log(`machine: ${machineLine(machine)}`);
    await measureThroughApp(redisServer.url, redis, m);
    await measureOthers(redisServer.url, m);
  } finally {
    await redis.quit().catch(() => undefined);
    await redisServer.stop();
  }
  const { rows, commandFigs, timelineFigs, storeFigs, others } = m;

  const goals = goalsFrom(commandFigs, timelineFigs, storeFigs, others);
  const sections: [string, string[]][] = [
    ['1. Commands: /incident note, ms (ack = HTTP answer, conf = "saved" reply at the response_url)', commandTable(rows)],
    ['   ratios warroom / baseline', figureTable(Object.fromEntries(Object.entries(commandFigs).filter(([k]) => k.startsWith('ratio_'))))],
    ['2. Timeline growth', figureTable(timelineFigs)],
    ['3. Postmortem drafting', otherTable(others.postmortem)],
    ['4. Scale of the store', figureTable(storeFigs)],
    ['4b. Action items', otherTable(others.actions)],
    ['5. Escalation and reminder timers', otherTable(others.escalation)],
    ['6. Redis Cluster (3 masters) against one Redis', otherTable(others.cluster)],
    ['Goals', goalTable(goals)],
  ];
  const out = [`warroom bench, ${quick ? 'QUICK (smoke) run' : 'full run'}, ${startedAt}`, machineLine(machine), ''];
  for (const [title, lines] of sections) out.push(title, ...lines.map((l) => `  ${l}`), '');
  process.stdout.write(`${out.join('\n')}\n`);

  const results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    mode: quick ? 'quick' : 'full',
    machine,
    loadGenerator: {
      openLoop: 'bench/open-loop.ts: an even open-loop sender (request i due at start + i/rate, latency from the due time, so no coordinated omission)',
      fullSpeed: `autocannon 9, closed loop, ${options.commands.connections} connections, pipelining 1; latency samples from its response event (unrounded)`,
    },
    options,
    parts: {
      commands: { rows, figures: commandFigs },
      timeline: timelineFigs,
      postmortem: others.postmortem,
      store: storeFigs,
      actions: others.actions,
      escalation: others.escalation,
      cluster: others.cluster,
    },
    goals,
  };
  writeFileSync(fileURLToPath(new URL('./results.json', import.meta.url)), `${JSON.stringify(results, null, 2)}\n`);
  log('wrote bench/results.json');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
