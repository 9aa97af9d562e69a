import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inject } from 'vitest';
import { closeServices, createServices } from '../../src/runtime/services.js';
import { loadConfig } from '../../src/config/env.js';
import { FileConfig } from '../../src/config/settings.js';
import { startWorkers, type Workers } from '../../src/workers/index.js';
import { silentLogger, type Logger } from '../../src/telemetry/log.js';
import { createRedis, type RedisClient } from '../../src/store/redis.js';
import type { Services } from '../../src/app/context.js';
import { allFeatures, assemble } from '../../src/features/index.js';
import { createBoltApp } from '../../src/slack/listeners/bolt-app.js';
import { startStandin, type ResponseUrlPost, type Standin } from '../../src/standin/index.js';

export const TOKEN = 'xoxb-test-token';
export const SIGNING_SECRET = 'test-signing-secret-0123456789';

export const ANA = 'U0ANA';
export const BO = 'U0BO';
export const CY = 'U0CY';

/** The shared test Redis: one server, or a node of the local cluster under `npm run test:cluster`. */
export function testRedisUrl(): string {
  return inject('redisUrl');
}

/**
 * How a test file reaches Redis. Files are isolated by key, not by numbered database (SELECT is
 * refused on a cluster): workspaces get ids unique to the file's process, and job queues a hash
 * tag of their own, so one file's workers never pick up another file's jobs.
 */
export function testRedisConfig(): { REDIS_URL: string; REDIS_CLUSTER_NODES?: string; JOB_TAG: string } {
  const nodes = inject('clusterNodes');
  return { REDIS_URL: testRedisUrl(), ...(nodes ? { REDIS_CLUSTER_NODES: nodes } : {}), JOB_TAG: `wr-test-${process.pid}` };
}

/** A store connection to the shared test Redis (a Cluster client under `npm run test:cluster`). */
export function testRedis(): RedisClient {
  return createRedis(testRedisConfig());
}

export interface HarnessOptions {
  timeZone?: string;
  broadcast?: boolean;
  now?: () => number;
  workers?: boolean;
  env?: Record<string, string>;
  /** Settings as if read from WARROOM_CONFIG (escalation policies, reminder hours…). */
  settings?: unknown;
  /** Another Redis than the shared test one (outage tests stop it). */
  redisUrl?: string;
  /** Where the bot logs (a test reading the logs); silent by default. */
  log?: Logger;
  /** The workspace id (tests that need it on a given cluster shard); unique per harness by default. */
  team?: string;
  /** Least time between echo messages in a channel; short by default so tests do not wait out Slack's pace. */
  echoSpacingMs?: number;
  /** How long a busy bot works before it acks anyway (slack/listeners/commands.ts); a long one makes the choice independent of the machine's speed. */
  ackDeadlineMs?: number;
  /** The stand-in refuses calls past Slack's rate tiers (src/standin/rate-limits.ts), on the harness's clock. */
  enforceRateTiers?: boolean;
}

export interface Harness {
  standin: Standin;
  s: Services;
  team: string;
  broadcastId: string | undefined;
  general: string;
  /** Base URL of the bot's HTTP receiver (…/slack/events, /healthz). */
  appUrl: string;
  /** Sends `/incident <text>` and resolves with the final ephemeral reply text. */
  run(user: string, channel: string, text: string): Promise<string>;
  /** Starts the worker process's processors for these services (for tests that begin without them). */
  startWorkers(): Workers;
  /** Declares an incident and returns its channel ID. */
  declare(user: string, text: string): Promise<string>;
  /** People join a channel on the Slack side (only channel members may change an incident). */
  join(channel: string, ...users: string[]): void;
  close(): Promise<void>;
}

/** The `text` of what the bot posted to a response_url. */
export function responseText(r: ResponseUrlPost): string {
  const body = r.body;
  return body && typeof body === 'object' && !Array.isArray(body) && typeof body.text === 'string' ? body.text : '';
}

/** A clock that starts at `iso` and runs at real speed, so back-dated times are in the past and order is kept. */
export function clockFrom(iso: string): () => number {
  const start = Date.parse(iso);
  const t0 = Date.now();
  return () => start + (Date.now() - t0);
}

/** The text of a command's ack body, as Slack would show it; undefined for an empty ack. */
export function ackText(body: string): string | undefined {
  if (body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object' && 'text' in parsed && typeof parsed.text === 'string') return parsed.text;
  } catch {
    return body;
  }
  return undefined;
}

let teamCounter = 0;

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const id = ++teamCounter;
  // Each harness has job queues of its own: its workers must never run another workspace's jobs with its stand-in.
  const redis = { ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : testRedisConfig()), JOB_TAG: `wr-test-${process.pid}-${id}` };
  const team = opts.team ?? `T${process.pid}X${id}`;
  const standin = await startStandin({
    botToken: TOKEN,
    signingSecret: SIGNING_SECRET,
    teamId: team,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.enforceRateTiers ? { enforceRateTiers: true } : {}),
  });
  standin.addUser({ id: ANA, name: 'ana', realName: 'Ana Odhiambo', tz: 'Africa/Nairobi' });
  standin.addUser({ id: BO, name: 'bo', realName: 'Bo Lindqvist', tz: 'Europe/Stockholm' });
  standin.addUser({ id: CY, name: 'cy', realName: 'Cy Okafor', tz: 'Africa/Lagos' });
  const general = standin.addChannel({ name: 'general', members: [ANA, BO, CY] }).id;
  const broadcastId = opts.broadcast === false ? undefined : standin.addChannel({ name: 'incidents', members: [ANA, BO, CY] }).id;
  const config = loadConfig({
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    ...redis,
    DEFAULT_TIMEZONE: opts.timeZone ?? 'Africa/Nairobi',
    ...(broadcastId ? { BROADCAST_CHANNEL: broadcastId } : {}),
    ...opts.env,
  });
  const features = assemble(allFeatures);
  const s = createServices(config, {
    hooks: features.hooks,
    log: opts.log ?? silentLogger,
    echoSpacingMs: opts.echoSpacingMs ?? 20,
    ...(opts.now ? { now: opts.now } : {}),
    ...(opts.settings !== undefined ? { settings: FileConfig.parse(opts.settings) } : {}),
  });
  const app = createBoltApp(s, {
    token: TOKEN,
    signingSecret: SIGNING_SECRET,
    apiUrl: standin.apiUrl,
    interactions: features.interactions,
    ...(opts.ackDeadlineMs ? { ackDeadlineMs: opts.ackDeadlineMs } : {}),
  });
  const server = (await app.start(0)) as Server;
  const appUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standin.setAppUrl(`${appUrl}/slack/events`);
  const workers: Workers | undefined = opts.workers === false ? undefined : startWorkers(s, features.processors);

  async function run(user: string, channel: string, text: string): Promise<string> {
    const sent = await standin.sendCommand({ user, channel, text });
    if (sent.status !== 200) throw new Error(`command was not acknowledged: HTTP ${sent.status} ${sent.body}`);
    // A command done in time answers in the ack itself; a slower one through the response_url.
    let reply = ackText(sent.body);
    if (reply === undefined || reply.startsWith(':hourglass')) {
      const id = sent.responseUrl.split('/').pop();
      reply = responseText(await standin.waitFor(() => standin.responses.find((r) => r.id === id && !responseText(r).startsWith(':hourglass')), 10_000));
    }
    // The bot re-draws the card and echoes in the channel after replying; wait for that too.
    await s.afterReplies.idle();
    await s.echo.idle();
    return reply;
  }

  async function declare(user: string, text: string): Promise<string> {
    const reply = await run(user, general, `declare ${text}`);
    const m = /<#([CG][A-Z0-9]+)>/.exec(reply);
    if (!m?.[1]) throw new Error(`declare did not name a channel: ${reply}`);
    return m[1];
  }

  return {
    standin,
    s,
    team,
    broadcastId,
    general,
    appUrl,
    run,
    declare,
    startWorkers: () => startWorkers(s, features.processors),
    join(channel, ...users) {
      const c = standin.state.channels.get(channel);
      if (!c) throw new Error(`no channel ${channel}`);
      for (const u of users) if (!c.members.includes(u)) c.members.push(u);
    },
    async close() {
      await workers?.close(2_000);
      await app.stop();
      await closeServices(s);
      await standin.close();
    },
  };
}
