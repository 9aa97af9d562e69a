import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** Event-loop delay of this process: how long a ready callback waited, p99 and max in ms. */
export function loopDelayMonitor(): { read(): { p99Ms: number; maxMs: number }; reset(): void } {
  const h: IntervalHistogram = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  return {
    read: () => ({ p99Ms: h.percentile(99) / 1e6, maxMs: h.max / 1e6 }),
    reset: () => h.reset(),
  };
}
