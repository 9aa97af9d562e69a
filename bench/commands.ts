import type { Redis } from 'ioredis';
import type { Standin } from '../src/standin/index.js';
import { runAutocannon } from './autocannon.js';
import { loopDelayMonitor } from './loop-delay.js';
import { openLoop } from './open-loop.js';
import { replyText, type Sink } from './sink.js';
import { slashRequest, noteText, type SlashTarget } from './slash.js';
import { redisCpuUs } from './redis-memory.js';
import { round, summarise } from './stats.js';
import type { TargetProcess } from './target-process.js';

/** Part 1: ack latency, time to confirmation and throughput of `/incident note`, side by side with bare and baseline. */
export const KINDS = ['bare', 'baseline', 'warroom'] as const;
export type Kind = (typeof KINDS)[number];

/** BENCH_KINDS=warroom runs just those servers (for profiling one of them). */
const kinds: readonly Kind[] = process.env.BENCH_KINDS ? KINDS.filter((k) => process.env.BENCH_KINDS?.split(',').includes(k)) : KINDS;

export interface CommandBenchOptions {
  rates: number[];
  openLoopMs: number;
  fullSpeedS: number;
  warmupMs: number;
  connections: number;
}

export interface Row {
  kind: Kind;
  /** Requests/s for open loop, 0 for full speed. */
  rate: number;
  sent: number;
  ok: number;
  errors: number;
  ackP50: number;
  ackP99: number;
  ackMax: number;
  /** Answers per second actually achieved. */
  throughput: number;
  /** warroom only: replies at the response_url sink. */
  confP50?: number;
  confP99?: number;
  confMax?: number;
  confirmed?: number;
  /** Full speed: confirmations per second that arrived while the load ran. */
  confThroughput?: number;
  /** Full speed: time after the load stopped until the last confirmation. */
  drainMs?: number;
  senderLagP99?: number;
  /** CPU time per request, µs (user + system): the server process, the bench process (load generator, Slack stand-in, sink), redis-server. */
  cpuUsPerReq: number;
  benchCpuUsPerReq: number;
  redisCpuUsPerReq: number;
  /** Event-loop delay of the server process and of the bench process during the phase, ms. */
  loopDelayP99: number;
  loopDelayMax: number;
  benchLoopDelayP99: number;
}

interface Ctx {
  redis: Redis;
  standin: Standin;
  sink: Sink;
  target: TargetProcess;
  slash: SlashTarget;
  log: (line: string) => void;
}

const saved = (t: string): boolean => t.startsWith(':memo: Saved');
const url = (ctx: Ctx, kind: Kind): string => `http://127.0.0.1:${ctx.target.ports[kind]}/slack/events`;

type Costs = Pick<Row, 'cpuUsPerReq' | 'benchCpuUsPerReq' | 'redisCpuUsPerReq' | 'loopDelayP99' | 'loopDelayMax' | 'benchLoopDelayP99'>;

const benchLoop = loopDelayMonitor();

/** Runs a phase and says what it cost each process per request, and how long their event loops stalled. */
async function costed<T>(ctx: Ctx, fn: () => Promise<T>, requests: (value: T) => number): Promise<{ value: T } & Costs> {
  const a = await ctx.target.usage(true);
  const benchA = process.cpuUsage();
  const redisA = await redisCpuUs(ctx.redis);
  benchLoop.reset();
  const value = await fn();
  const b = await ctx.target.usage();
  const benchB = process.cpuUsage();
  const redisB = await redisCpuUs(ctx.redis);
  const n = Math.max(1, requests(value));
  return {
    value,
    cpuUsPerReq: (b.cpuUserUs + b.cpuSystemUs - (a.cpuUserUs + a.cpuSystemUs)) / n,
    benchCpuUsPerReq: (benchB.user + benchB.system - (benchA.user + benchA.system)) / n,
    redisCpuUsPerReq: (redisB - redisA) / n,
    loopDelayP99: b.loopDelayP99Ms,
    loopDelayMax: b.loopDelayMaxMs,
    benchLoopDelayP99: benchLoop.read().p99Ms,
  };
}

async function openLoopRow(ctx: Ctx, kind: Kind, rate: number, durationMs: number, tag: string): Promise<Row> {
  const phase = ctx.sink.phase(`${tag}-${kind}-${rate}`, saved);
  const { value: r, ...costs } = await costed(ctx, async () => {
    const r = await openLoop({
      url: url(ctx, kind),
      rate,
      durationMs,
      build: (seq, dueAt) => slashRequest(ctx.slash, noteText(seq), ctx.sink.responseUrl(phase.name, dueAt)),
      // warroom confirms a note in its ack when it is saved in time; that counts as the confirmation.
      ...(kind === 'warroom' ? { onAnswer: (body: string, ms: number) => ctx.sink.record(phase, replyText(body), ms) } : {}),
    });
    // warroom's work goes on after the ack; its CPU counts until the last reply is out.
    if (kind === 'warroom') await ctx.sink.settle(phase, r.ok);
    return r;
  }, (r) => r.sent);
  if (phase.wrong) ctx.log(`    ${phase.wrong} replies were not "saved", e.g. ${phase.wrongSample ?? ''}`);
  if (r.firstError) ctx.log(`    ${r.errors} requests failed, e.g. ${r.firstError}`);
  const ack = summarise(r.ackMs);
  const conf = summarise(phase.latencies);
  return {
    kind,
    rate,
    sent: r.sent,
    ok: r.ok,
    errors: r.errors + (kind === 'warroom' ? Math.max(0, r.ok - phase.latencies.length) : 0),
    ackP50: ack.p50,
    ackP99: ack.p99,
    ackMax: ack.max,
    throughput: r.ok / (r.elapsedMs / 1000),
    ...(kind === 'warroom' ? { confP50: conf.p50, confP99: conf.p99, confMax: conf.max, confirmed: conf.count } : {}),
    senderLagP99: summarise(r.lagMs).p99,
    ...costs,
  };
}

async function fullSpeedRow(ctx: Ctx, kind: Kind, o: CommandBenchOptions): Promise<Row> {
  const phase = ctx.sink.phase(`full-${kind}`, saved);
  let confirmedDuringLoad = 0;
  let loadEnded = 0;
  const { value: run, ...costs } = await costed(ctx, async () => {
    let seq = 0;
    const run = await runAutocannon({
      url: url(ctx, kind),
      connections: o.connections,
      duration: o.fullSpeedS,
      timeout: 10,
      method: 'POST',
      requests: [
        {
          setupRequest: (req, context) => {
            const sentAt = performance.now();
            context.sentAt = sentAt;
            const { body, headers } = slashRequest(ctx.slash, noteText(seq++), ctx.sink.responseUrl(phase.name, sentAt));
            return { ...req, method: 'POST', body, headers: { ...req.headers, ...headers } };
          },
          onResponse: (status, body, context) => {
            if (kind === 'warroom' && status === 200 && typeof context.sentAt === 'number') ctx.sink.record(phase, replyText(body), performance.now() - context.sentAt);
          },
        },
      ],
    });
    loadEnded = performance.now();
    confirmedDuringLoad = phase.latencies.length;
    if (kind === 'warroom') await ctx.sink.settle(phase, run.result['2xx'], 15_000);
    return run;
  }, (run) => run.result.requests.sent);
  if (phase.wrong) ctx.log(`    ${phase.wrong} replies were not "saved", e.g. ${phase.wrongSample ?? ''}`);
  const ack = summarise(run.samplesMs);
  const conf = summarise(phase.latencies);
  const r = run.result;
  const ok = r['2xx'];
  return {
    kind,
    rate: 0,
    sent: r.requests.sent,
    ok,
    // Requests still in flight when autocannon stops are answered too, so more can be confirmed than counted as ok.
    errors: r.errors + r.timeouts + r.non2xx + (kind === 'warroom' ? Math.max(0, ok - phase.latencies.length) : 0),
    ackP50: ack.p50,
    ackP99: ack.p99,
    ackMax: ack.max,
    throughput: ok / r.duration,
    ...(kind === 'warroom'
      ? {
          confP50: conf.p50,
          confP99: conf.p99,
          confMax: conf.max,
          confirmed: conf.count,
          confThroughput: confirmedDuringLoad / r.duration,
          drainMs: Math.max(0, phase.lastAt - loadEnded),
        }
      : {}),
    ...costs,
  };
}

export async function benchCommands(ctx: Ctx, o: CommandBenchOptions): Promise<Row[]> {
  const rows: Row[] = [];
  // JIT warm-up: the first thousands of requests of each server are not representative.
  for (const kind of kinds) await openLoopRow(ctx, kind, 500, o.warmupMs, 'warmup');
  for (const rate of o.rates) {
    for (const kind of kinds) {
      ctx.log(`  open loop ${rate} req/s → ${kind} for ${o.openLoopMs / 1000} s`);
      rows.push(await openLoopRow(ctx, kind, rate, o.openLoopMs, 'open'));
    }
  }
  for (const kind of kinds) {
    ctx.log(`  full speed (autocannon, ${o.connections} connections) → ${kind} for ${o.fullSpeedS} s`);
    rows.push(await fullSpeedRow(ctx, kind, o));
  }
  return rows;
}

/** Flat figures for results.json, e.g. `warroom_200_ack_p50_ms`, `full_warroom_throughput_rps`. */
export function commandFigures(rows: Row[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    const p = r.rate ? `${r.kind}_${r.rate}` : `full_${r.kind}`;
    const put = (k: string, v: number | undefined): void => {
      if (v !== undefined) out[`${p}_${k}`] = round(v);
    };
    put('sent', r.sent);
    put('ok', r.ok);
    put('errors', r.errors);
    put('ack_p50_ms', r.ackP50);
    put('ack_p99_ms', r.ackP99);
    put('ack_max_ms', r.ackMax);
    put('throughput_rps', r.throughput);
    put('confirmation_p50_ms', r.confP50);
    put('confirmation_p99_ms', r.confP99);
    put('confirmation_max_ms', r.confMax);
    put('confirmed', r.confirmed);
    put('confirmed_during_load_rps', r.confThroughput);
    put('drain_ms', r.drainMs);
    put('sender_lag_p99_ms', r.senderLagP99);
    put('cpu_us_per_request', r.cpuUsPerReq);
    put('bench_cpu_us_per_request', r.benchCpuUsPerReq);
    put('redis_cpu_us_per_request', r.redisCpuUsPerReq);
    put('loop_delay_p99_ms', r.loopDelayP99);
    put('loop_delay_max_ms', r.loopDelayMax);
    put('bench_loop_delay_p99_ms', r.benchLoopDelayP99);
  }
  const find = (kind: Kind, rate: number): Row | undefined => rows.find((r) => r.kind === kind && r.rate === rate);
  for (const rate of [...new Set(rows.map((r) => r.rate))]) {
    const w = find('warroom', rate);
    const b = find('baseline', rate);
    if (!w || !b) continue;
    const p = rate ? `ratio_${rate}` : 'ratio_full';
    out[`${p}_ack_p50`] = round(w.ackP50 / b.ackP50);
    out[`${p}_ack_p99`] = round(w.ackP99 / b.ackP99);
    out[`${p}_throughput`] = round(w.throughput / b.throughput);
  }
  return out;
}
