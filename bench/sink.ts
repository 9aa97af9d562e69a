import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A stand-in for the response_url endpoint: records when each reply arrived. The path
 * carries the phase and the moment the request was due to be sent (performance.now() of
 * this process), so the time to confirmation needs no lookup table shared with the sender.
 */
export interface Phase {
  name: string;
  /** Time to confirmation per reply that looked right, in ms. */
  latencies: number[];
  /** Replies that arrived but did not say what the phase expects (e.g. an error). */
  wrong: number;
  wrongSample?: string;
  /** performance.now() of the last arrival. */
  lastAt: number;
}

export interface Sink {
  url: string;
  /** Starts recording a phase; `ok` judges each reply's text. */
  phase(name: string, ok: (text: string) => boolean): Phase;
  /** `<sink>/r/<phase>/<sentAt>` for a request sent (or due) at `sentAt`. */
  responseUrl(phase: string, sentAt: number): string;
  /** Counts a reply that came another way (in the command's ack body) as if it had arrived here. */
  record(phase: Phase, text: string, latencyMs: number): void;
  /** Resolves when `expected` replies for the phase arrived, or once none came for `idleMs` (counted from this call at the earliest). */
  settle(phase: Phase, expected: number, idleMs?: number): Promise<void>;
  close(): Promise<void>;
}

function judge(entry: { phase: Phase; ok: (text: string) => boolean }, text: string, latencyMs: number, at: number): void {
  // Progress notes (":hourglass…") come before the final reply; only the final one counts.
  if (text === '' || text.startsWith(':hourglass')) return;
  entry.phase.lastAt = at;
  if (entry.ok(text)) entry.phase.latencies.push(latencyMs);
  else {
    entry.phase.wrong++;
    entry.phase.wrongSample ??= text.slice(0, 200);
  }
}

export async function startSink(): Promise<Sink> {
  const phases = new Map<string, { phase: Phase; ok: (text: string) => boolean }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const arrived = performance.now();
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      const [, name, sent] = /^\/r\/([^/]+)\/([\d.]+)$/.exec(req.url ?? '') ?? [];
      const entry = name ? phases.get(name) : undefined;
      if (!entry || sent === undefined) return;
      judge(entry, replyText(Buffer.concat(chunks).toString()), arrived - Number(sent), arrived);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    phase(name, ok) {
      const phase: Phase = { name, latencies: [], wrong: 0, lastAt: performance.now() };
      phases.set(name, { phase, ok });
      return phase;
    },
    record(phase, text, latencyMs) {
      const entry = phases.get(phase.name);
      if (entry) judge(entry, text, latencyMs, performance.now());
    },
    responseUrl: (phase, sentAt) => `${url}/r/${phase}/${sentAt.toFixed(3)}`,
    async settle(phase, expected, idleMs = 10_000) {
      const calledAt = performance.now();
      for (;;) {
        if (phase.latencies.length + phase.wrong >= expected) return;
        if (performance.now() - Math.max(calledAt, phase.lastAt) > idleMs) return;
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The text of a reply body (JSON with `text`, or plain); '' for an empty body. */
export function replyText(raw: string): string {
  if (raw.trim() === '') return '';
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && 'text' in parsed && typeof parsed.text === 'string') return parsed.text;
  } catch {
    // Not JSON: judge the raw body.
  }
  return raw;
}
