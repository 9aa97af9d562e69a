import { Agent, request } from 'node:http';

/**
 * An even open-loop sender: request i is due at start + i / rate, whatever happened to the
 * requests before it, so a slow server meets a growing queue as it would in production
 * instead of slowing the sender down (closed-loop tools hide that: coordinated omission).
 * Latency is measured from the due time, not from when the request left, so any lag of
 * the sender itself counts against the server; `lag` reports that lag separately.
 */
export interface OpenLoopOptions {
  url: string;
  rate: number;
  durationMs: number;
  /** Builds request `seq`, due at `dueAt` (performance.now()). */
  build(seq: number, dueAt: number): { body: string; headers: Record<string, string> };
  /** Each 2xx answer's body and its latency from the due time (a command may confirm in its ack). */
  onAnswer?: (body: string, latencyMs: number) => void;
  timeoutMs?: number;
}

export interface OpenLoopResult {
  sent: number;
  /** 2xx answers. */
  ok: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  firstError?: string;
  /** Due time → answer fully read, ms, 2xx only. */
  ackMs: number[];
  /** Due time → request handed to the socket, ms. */
  lagMs: number[];
  elapsedMs: number;
}

export async function openLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const target = new URL(o.url);
  // Enough sockets that a slow answer never delays the next request behind it.
  const agent = new Agent({ keepAlive: true, maxSockets: 512, scheduling: 'fifo' });
  const total = Math.max(1, Math.round((o.rate * o.durationMs) / 1000));
  const interval = 1000 / o.rate;
  const result: OpenLoopResult = { sent: 0, ok: 0, errors: 0, ackMs: [], lagMs: [], elapsedMs: 0 };
  let done = 0;
  const start = performance.now() + 20;

  return new Promise<OpenLoopResult>((resolve) => {
    const finish = (): void => {
      if (++done < total) return;
      result.elapsedMs = performance.now() - start;
      agent.destroy();
      resolve(result);
    };
    const fail = (why: string): void => {
      result.errors++;
      result.firstError ??= why;
      finish();
    };
    const fire = (seq: number, dueAt: number): void => {
      const { body, headers } = o.build(seq, dueAt);
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              const ms = performance.now() - dueAt;
              result.ok++;
              result.ackMs.push(ms);
              o.onAnswer?.(Buffer.concat(chunks).toString(), ms);
              finish();
            } else fail(`HTTP ${status}`);
          });
          res.on('error', (err) => fail(err.message));
        },
      );
      req.setTimeout(o.timeoutMs ?? 10_000, () => req.destroy(new Error('timeout')));
      req.on('error', (err) => fail(err.message));
      req.end(body);
      result.sent++;
      result.lagMs.push(performance.now() - dueAt);
    };
    let next = 0;
    const tick = (): void => {
      const now = performance.now();
      while (next < total && start + next * interval <= now) {
        fire(next, start + next * interval);
        next++;
      }
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
}
