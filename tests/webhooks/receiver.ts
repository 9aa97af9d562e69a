import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { WebhookEvent } from '../../src/domain/webhook-events.js';

/** A webhook receiver as a customer would write one: verifies every signature, de-duplicates by event id. */
export interface Receiver {
  url: string;
  /** Every request that arrived, verified or not. */
  requests: number;
  badSignatures: number;
  /** Accepted deliveries per event id (more than 1 means a duplicate was accepted). */
  accepted: Map<string, number>;
  events: WebhookEvent[];
  close(): Promise<void>;
}

export async function startReceiver(secret: string, opts: { failFirst?: number } = {}): Promise<Receiver> {
  const wh = new Webhook(secret);
  let failures = opts.failFirst ?? 0;
  const r: Receiver = {
    url: '',
    requests: 0,
    badSignatures: 0,
    accepted: new Map(),
    events: [],
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      r.requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      let event: WebhookEvent;
      try {
        event = WebhookEvent.parse(wh.verify(body, headers));
      } catch {
        r.badSignatures++;
        res.writeHead(400).end('bad signature');
        return;
      }
      if (failures > 0) {
        failures--;
        res.writeHead(500).end('try again');
        return;
      }
      const n = r.accepted.get(event.id) ?? 0;
      r.accepted.set(event.id, n + 1);
      if (n === 0) r.events.push(event);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  return r;
}
