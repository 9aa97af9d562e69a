import { request } from 'node:http';
import type { Sink } from './sink.js';
import { slashRequest, type SlashTarget } from './slash.js';
import { summarise, type Summary } from './stats.js';

/**
 * One command at a time, each waiting for its reply at the sink before the next is sent:
 * the latency of a single request on an otherwise idle path, for figures that compare
 * sizes (timeline, list) rather than load.
 */
export async function sequentialCommands(
  o: { url: string; sink: Sink; slash: SlashTarget; phase: string; ok: (text: string) => boolean },
  texts: string[],
): Promise<{ ack: Summary; confirmation: Summary; wrong: number; wrongSample?: string }> {
  const phase = o.sink.phase(o.phase, o.ok);
  const ackMs: number[] = [];
  for (const text of texts) {
    const before = phase.latencies.length + phase.wrong;
    const sentAt = performance.now();
    const { body, headers } = slashRequest(o.slash, text, o.sink.responseUrl(phase.name, sentAt));
    const status = await post(o.url, body, headers);
    if (status !== 200) throw new Error(`${o.phase}: HTTP ${status} for "${text}"`);
    ackMs.push(performance.now() - sentAt);
    await o.sink.settle(phase, before + 1, 30_000);
  }
  return {
    ack: summarise(ackMs),
    confirmation: summarise(phase.latencies),
    wrong: phase.wrong,
    ...(phase.wrongSample !== undefined ? { wrongSample: phase.wrongSample } : {}),
  };
}

function post(url: string, body: string, headers: Record<string, string>): Promise<number> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
