import { createHmac } from 'node:crypto';

/** Slack's v0 request signature: HMAC-SHA256 over `v0:<ts>:<raw body>`, sent as `v0=<hex>`. */
export function signRequest(signingSecret: string, body: string, timestamp: number): string {
  const hex = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${hex}`;
}
