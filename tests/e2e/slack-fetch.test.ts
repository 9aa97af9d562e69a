import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { slackClientOptions } from '../../src/slack/api/client.js';
import { slackFetch } from '../../src/slack/api/fetch.js';
import { renderMetrics } from '../../src/telemetry/metrics.js';

/** A tiny Slack: answers by path, so each test picks the answer it needs. */
let server: Server;
let base = '';
const seen: { path: string; body: string; type: string | undefined }[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ path: req.url ?? '', body, type: req.headers['content-type'] });
      if (req.url === '/api/chat.postMessage') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-oauth-scopes': 'chat:write, channels:read' });
        res.end(JSON.stringify({ ok: true, channel: 'C1', ts: '1.000100' }));
      } else if (req.url === '/api/chat.update') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'message_not_found' }));
      } else if (req.url === '/api/conversations.info') {
        res.writeHead(429, { 'retry-after': '7' });
        res.end();
      } else if (req.url === '/hooks/expired') {
        res.writeHead(404);
        res.end('expired_url');
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

describe('Slack calls made through undici', () => {
  const client = (): WebClient => new WebClient('xoxb-test', slackClientOptions(`${base}/api/`));

  it('posts the form web-api builds and hands back Slack\'s answer with its scopes', async () => {
    const res = await client().chat.postMessage({ channel: 'C1', text: 'db-1 is back <!here>' });
    expect(res.ok).toBe(true);
    expect(res.ts).toBe('1.000100');
    expect(res.response_metadata?.scopes).toEqual(['chat:write', 'channels:read']);
    const sent = seen.find((s) => s.path === '/api/chat.postMessage');
    expect(sent?.type).toBe('application/x-www-form-urlencoded');
    // The escape boundary sits in this fetch: a `<!here>` in a text never goes out live.
    expect(new URLSearchParams(sent?.body).get('text')).toBe('db-1 is back &lt;!here&gt;');
  });

  it('turns a Slack error into the platform error web-api throws, and counts it by method and code', async () => {
    await expect(client().chat.update({ channel: 'C1', ts: '1.0', text: 'x' })).rejects.toMatchObject({ code: 'slack_webapi_platform_error', data: { error: 'message_not_found' } });
    const { body } = await renderMetrics();
    expect(body).toMatch(/warroom_slack_api_errors_total\{method="chat.update",error="message_not_found"\} 1/);
  });

  it('reports a rate limit with its Retry-After instead of waiting', async () => {
    await expect(client().conversations.info({ channel: 'C1' })).rejects.toMatchObject({ code: 'slack_webapi_rate_limited_error', retryAfter: 7 });
  });

  it('gives Bolt\'s respond a Response it can read, failed or empty', async () => {
    const expired = await slackFetch(`${base}/hooks/expired`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"text":"hi"}' });
    expect(expired.ok).toBe(false);
    expect(expired.status).toBe(404);
    expect(await expired.clone().text()).toBe('expired_url');
    expect(await expired.text()).toBe('expired_url');
    const empty = await slackFetch(`${base}/hooks/fine`, { method: 'POST', body: '{}' });
    expect(empty.status).toBe(204);
    expect(await empty.text()).toBe('');
  });
});
