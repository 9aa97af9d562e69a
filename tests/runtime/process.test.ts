import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../src/standin/index.js';
import { ANA, BO, CY, SIGNING_SECRET, TOKEN, ackText, responseText, testRedisUrl } from '../support/harness.js';

/**
 * The real process (`tsx src/runtime/main.ts`, web and worker in one), spawned with
 * credentials, talking to the stand-in through a gate that can hold chosen Slack calls, so a
 * command and a job are provably in flight when SIGTERM arrives. Everything it logs at debug
 * level is kept and searched for secrets.
 */
const hour = { sev1: 60, sev2: 60, sev3: 60, sev4: 60 };

interface Gate {
  server: Server;
  url: string;
  hold(match: (method: string, form: URLSearchParams) => boolean): { held: Promise<void>; release: () => void };
}

/** A pass-through in front of the stand-in's Web API; held calls wait until released. */
async function startGate(target: string): Promise<Gate> {
  const holds: { match: (m: string, f: URLSearchParams) => boolean; gate: Promise<void>; seen: () => void }[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const method = (req.url ?? '').split('/').pop() ?? '';
        const form = new URLSearchParams(String(req.headers['content-type']).includes('form') ? body.toString() : '');
        const hold = holds.find((h) => h.match(method, form));
        if (hold) {
          hold.seen();
          await hold.gate;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
        const out = await fetch(new URL((req.url ?? '').replace(/^\/api\//, ''), target), { method: req.method ?? 'POST', headers, body: req.method === 'GET' ? undefined : body });
        res.writeHead(out.status, Object.fromEntries(out.headers));
        res.end(Buffer.from(await out.arrayBuffer()));
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    hold(match) {
      let release = (): void => undefined;
      let seen = (): void => undefined;
      const gate = new Promise<void>((r) => (release = r));
      const held = new Promise<void>((r) => (seen = r));
      holds.push({ match, gate, seen });
      return { held, release };
    },
  };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

let standin: Standin;
let gate: Gate;
let child: ChildProcess;
let appUrl: string;
const out: string[] = [];
let exited: Promise<{ code: number | null }>;

beforeAll(async () => {
  standin = await startStandin({ botToken: TOKEN, signingSecret: SIGNING_SECRET, teamId: `T${process.pid}P` });
  for (const [id, name] of [[ANA, 'ana'], [BO, 'bo'], [CY, 'cy']] as const) standin.addUser({ id, name, tz: 'Africa/Nairobi' });
  standin.addChannel({ name: 'general', members: [ANA, BO, CY] });
  gate = await startGate(standin.apiUrl);
  const dir = mkdtempSync(join(tmpdir(), 'warroom-process-'));
  const config = join(dir, 'warroom.json');
  writeFileSync(config, JSON.stringify({ escalation: { defaultPolicy: 'P', policies: [{ name: 'P', levels: [{ name: 'On-call', targets: [BO], ackTimeoutMinutes: hour }] }] } }));
  const port = await freePort();
  appUrl = `http://127.0.0.1:${port}`;
  standin.setAppUrl(`${appUrl}/slack/events`);
  child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/main.ts', 'sandbox-or-bot'], {
    env: {
      PATH: process.env.PATH ?? '',
      TZ: 'UTC',
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: gate.url,
      REDIS_URL: testRedisUrl(),
      PORT: String(port),
      WARROOM_CONFIG: config,
      LOG_LEVEL: 'debug',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (b: Buffer) => out.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => out.push(b.toString()));
  exited = new Promise((resolve) => child.on('exit', (code) => resolve({ code })));
  await until(() => fetch(`${appUrl}/healthz`).then((r) => r.ok).catch(() => false), 60_000);
}, 90_000);

afterAll(async () => {
  if (child.exitCode === null) child.kill('SIGKILL');
  await new Promise((resolve) => gate.server.close(resolve));
  await standin.close();
});

async function command(user: string, channel: string, text: string): Promise<string> {
  const sent = await standin.sendCommand({ user, channel, text });
  const inAck = ackText(sent.body);
  if (inAck !== undefined && !inAck.startsWith(':hourglass')) return inAck;
  const id = sent.responseUrl.split('/').pop();
  return responseText(await standin.waitFor(() => standin.responses.find((r) => r.id === id && !responseText(r).startsWith(':hourglass')), 20_000));
}

describe('the real process', () => {
  it('on SIGTERM stops taking requests, finishes the command and the job in flight, closes Redis and exits 0 within 10 s', async () => {
    const general = standin.state.channelByName('general')?.id ?? '';
    // The page to Bo for INC-1 is held half-way in the worker…
    const dm = gate.hold((method, form) => method === 'chat.postMessage' && form.get('channel') === BO);
    expect(await command(ANA, general, 'declare sev2 Warm-up incident')).toContain('INC-1');
    await dm.held;
    // …and a second declare half-way in the web part.
    const create = gate.hold((method) => method === 'conversations.create');
    const pending = command(ANA, general, 'declare sev1 Declared as the deploy begins');
    await create.held;

    child.kill('SIGTERM');
    await until(() => fetch(`${appUrl}/healthz`).then(() => false).catch(() => true), 8_000);
    // The listener is closed: a new command does not get in.
    await expect(standin.sendCommand({ user: CY, channel: general, text: 'list' })).rejects.toThrow();
    setTimeout(() => {
      create.release();
      dm.release();
    }, 500);

    expect(await pending).toMatch(/INC-2/);
    const { code } = await exited;
    // Exit code 0 is the in-budget path: past its 10 s budget the process exits 1 and says so.
    expect(code).toBe(0);
    expect(out.join('')).not.toMatch(/overran its budget/);
    // The job in flight finished: Bo got his page.
    const dmChannel = standin.state.dms.get(BO);
    expect(dmChannel && standin.state.messagesIn(dmChannel).some((m) => m.text.includes('INC-1'))).toBe(true);
    expect(out.join('')).toMatch(/"msg":"shut down"/);
  }, 60_000);

  it('logged one JSON line per event, with the team and request id, and not one secret', () => {
    const lines = out.join('').split('\n').filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(5);
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => typeof l.requestId === 'string' && typeof l.team === 'string')).toBe(true);
    const all = lines.join('\n');
    const responseUrls = [...standin.state.responseUrls.values()].map((r) => r.url);
    expect(responseUrls.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, SIGNING_SECRET, ...responseUrls]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/Bearer (?!\[redacted\])/);
    expect(all).not.toMatch(/xox[a-z]-/);
  });
});
