import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';

/** The part of autocannon 9's API this bench uses; the package ships no types. */
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Called before each request is written; returns the request to send. `context` is per connection. */
  setupRequest?: (req: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  /** Called with each answer's status and body. */
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}

export interface AutocannonOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  pipelining?: number;
  /** Seconds. */
  timeout?: number;
  method?: string;
  requests?: AutocannonRequest[];
}

interface Histogram {
  average: number;
  mean: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
}

export interface AutocannonResult {
  /** Latency in whole ms (autocannon's histogram rounds), so only the raw samples are used for sub-ms figures. */
  latency: Histogram;
  requests: Histogram & { sent: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  /** Seconds. */
  duration: number;
}

type Tracker = EventEmitter;
type Autocannon = (opts: AutocannonOptions, cb: (err: Error | null, result: AutocannonResult) => void) => Tracker;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

/**
 * Runs autocannon closed-loop (each connection sends its next request when the last was
 * answered) and also collects each 2xx response time in ms unrounded, from its `response` event.
 */
export function runAutocannon(opts: AutocannonOptions): Promise<{ result: AutocannonResult; samplesMs: number[] }> {
  const samplesMs: number[] = [];
  return new Promise((resolve, reject) => {
    const tracker = autocannon(opts, (err, result) => (err ? reject(err) : resolve({ result, samplesMs })));
    tracker.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
      if (statusCode >= 200 && statusCode < 300) samplesMs.push(responseTime);
    });
  });
}
