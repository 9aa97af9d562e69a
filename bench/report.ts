import type { Row } from './commands.js';
import type { Machine } from './machine.js';
import type { PartOutcome } from './others.js';

export interface Goal {
  name: string;
  value: number | undefined;
  limit: number;
  /** 'max': value must be ≤ limit; 'min': ≥ limit. */
  kind: 'max' | 'min';
  unit: string;
  met?: boolean;
}

export function judge(goals: Goal[]): Goal[] {
  return goals.map((g) => ({
    ...g,
    ...(g.value === undefined || Number.isNaN(g.value) ? {} : { met: g.kind === 'max' ? g.value <= g.limit : g.value >= g.limit }),
  }));
}

const f = (n: number | undefined, digits = 2): string => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const pad = (cells: string[], widths: number[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');

export function commandTable(rows: Row[]): string[] {
  const head = ['target @ load', 'ack p50', 'ack p99', 'ack max', 'conf p50', 'conf p99', 'conf max', 'req/s', 'errors', 'cpu µs/req'];
  const body = rows.map((r) => [
    `${r.kind} @ ${r.rate ? `${r.rate}/s` : 'full speed'}`,
    f(r.ackP50),
    f(r.ackP99),
    f(r.ackMax),
    f(r.confP50),
    f(r.confP99),
    f(r.confMax),
    f(r.throughput, 0),
    String(r.errors),
    f(r.cpuUsPerReq, 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const lines = [pad(head, widths), ...body.map((b) => pad(b, widths))];
  for (const r of rows) {
    if (r.kind === 'warroom' && r.rate === 0) {
      lines.push(
        `warroom at full speed: ${f(r.confThroughput, 0)} confirmations/s during the load, last reply ${f((r.drainMs ?? 0) / 1000, 1)} s after it stopped, ${r.confirmed ?? 0} of ${r.ok} confirmed`,
      );
    }
  }
  return lines;
}

export function figureTable(figures: Record<string, number>): string[] {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  return Object.entries(figures).map(([k, v]) => `${k.padEnd(width)}  ${Number.isInteger(v) ? String(v) : v.toFixed(3)}`);
}

export function otherTable(outcome: PartOutcome | undefined): string[] {
  if (!outcome) return ['not run (BENCH_ONLY)'];
  if (outcome.status === 'ok') return figureTable(outcome.figures);
  return [`FAILED: ${outcome.error.split('\n')[0] ?? ''}`];
}

export function goalTable(goals: Goal[]): string[] {
  const width = Math.max(...goals.map((g) => g.name.length));
  return goals.map((g) => {
    const verdict = g.met === undefined ? 'not measured' : g.met ? 'met' : 'MISSED';
    return `${g.name.padEnd(width)}  ${f(g.value).padStart(9)} ${g.unit.padEnd(5)} goal ${g.kind === 'max' ? '≤' : '≥'} ${g.limit} ${g.unit}  ${verdict}`;
  });
}

export function machineLine(m: Machine): string {
  return `${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, Redis ${m.redis} (hz ${m.redisHz}), load average ${m.loadAverage1m} at start`;
}
