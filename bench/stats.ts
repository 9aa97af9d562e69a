/** Percentiles over raw samples (ms): exact, no histogram rounding, since most figures here are below 1 ms. */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  // Nearest-rank: the smallest sample with at least p % of the samples at or below it.
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.length ? (sorted[sorted.length - 1] ?? Number.NaN) : Number.NaN,
    mean: sorted.length ? sum / sorted.length : Number.NaN,
  };
}

/** Rounds for the results file: three decimals is microseconds when the unit is ms. */
export function round(n: number, digits = 3): number {
  if (!Number.isFinite(n)) return n;
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** Adds `prefix_p50`, `prefix_p99`, … to a flat record of figures. */
export function flatten(prefix: string, s: Summary): Record<string, number> {
  return {
    [`${prefix}_p50_ms`]: round(s.p50),
    [`${prefix}_p99_ms`]: round(s.p99),
    [`${prefix}_max_ms`]: round(s.max),
    [`${prefix}_mean_ms`]: round(s.mean),
    [`${prefix}_count`]: s.count,
  };
}

export async function timeIt<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
