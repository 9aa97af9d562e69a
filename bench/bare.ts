import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';

const FIVE_MINUTES_S = 5 * 60;

/** True when the request carries a valid, fresh Slack v0 signature over the raw body. */
export function verifySlackSignature(secret: string, headers: Record<string, string | string[] | undefined>, body: Buffer, nowSec = Date.now() / 1000): boolean {
  const ts = Number(headers['x-slack-request-timestamp']);
  const sig = headers['x-slack-signature'];
  if (!Number.isFinite(ts) || typeof sig !== 'string' || Math.abs(nowSec - ts) > FIVE_MINUTES_S) return false;
  const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`);
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The limit of the path: a plain node:http server that reads the body, checks the signature
 * and answers 200, as an app that did nothing else would. 401 for a bad signature.
 */
export function createBareServer(secret: string): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const ok = verifySlackSignature(secret, req.headers, Buffer.concat(chunks));
      res.writeHead(ok ? 200 : 401, { 'content-length': '0' }).end();
    });
  });
}
