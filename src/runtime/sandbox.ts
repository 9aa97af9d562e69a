import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Server } from 'node:http';
import { allFeatures, assemble } from '../features/index.js';
import { parseArgs } from 'node:util';
import { closeServices, createServices } from './services.js';
import type { Config } from '../config/env.js';
import { loadFileConfig, type FileConfig } from '../config/settings.js';
import { startWorkers } from '../workers/index.js';
import { createLogger } from '../telemetry/log.js';
import { ensureLocalRedis } from './local-redis.js';
import { createBoltApp } from '../slack/listeners/bolt-app.js';
import { startStandin, type Standin } from '../standin/index.js';
import { pageHandler } from '../standin/page/routes.js';
import type { WorkspaceSnapshot } from '../standin/state.js';
import { print, repl } from './sandbox-terminal.js';
import { SANDBOX_USERS } from './sandbox-users.js';
import { createDrill, drillPolicies } from './sandbox-drill.js';
import { forgetTeam, resetSandbox, sandboxJobTag, whereStateLives } from './sandbox-reset.js';

const TOKEN = 'xoxb-sandbox-token';
const SIGNING_SECRET = 'sandbox-signing-secret';
export const DEFAULT_SANDBOX_PORT = 3210;

const STATE_DIR = resolve('.warroom');

interface SavedWorkspace extends WorkspaceSnapshot {
  /** The workspace id; a reset starts a new one, so nothing the bot remembers of the old one can leak in. */
  teamId?: string;
  /** Channels opened by drills, still marked as such after a restart. */
  drillChannels?: string[];
}

function readWorkspace(file: string): SavedWorkspace | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as SavedWorkspace;
  } catch (err) {
    // Say so rather than pretend: the saved workspace is unreadable, so this starts an empty one (the file is overwritten).
    print(`Could not read the saved sandbox workspace ${file} (${err instanceof Error ? err.message : String(err)}); starting a fresh one.`);
    return undefined;
  }
}

function saveWorkspace(file: string, standin: Standin, drillChannels: string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  const saved: SavedWorkspace = { ...standin.state.snapshot(), teamId: standin.state.identity.teamId, drillChannels };
  writeFileSync(file, JSON.stringify(saved));
}

export interface SandboxArgs {
  port: number;
  host: string;
  terminal: boolean;
  /** Start over: forget the saved workspace, so a fresh one (with a fresh workspace id) begins. */
  reset: boolean;
}

/** `npm start -- --port 4000`, `npm run sandbox -- --terminal`; SANDBOX_HOST to listen beyond this machine. */
export function sandboxArgs(argv: string[]): SandboxArgs {
  const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, terminal: { type: 'boolean' }, reset: { type: 'boolean' } }, strict: true });
  const port = values.port === undefined ? DEFAULT_SANDBOX_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, not ${values.port}`);
  return { port, host: values.host ?? process.env.SANDBOX_HOST ?? '127.0.0.1', terminal: values.terminal === true, reset: values.reset === true };
}

const newTeamId = (): string => `T0WR${randomBytes(4).toString('hex').toUpperCase()}`;

/** The sample people get time zones of their own, so the page shows each person's clock. */
const ZONES: Record<string, string> = { ana: 'Africa/Nairobi', bo: 'Europe/Stockholm', cy: 'Africa/Lagos' };

/**
 * The page shows each person's own clock and starts as @ana in Nairobi, so that is what a new user
 * types times in. With the production default (UTC) the bot read "2:05 AM" typed at 3:12 AM on the
 * page as two hours ahead, and confirmed notes in times the page shows nowhere. A DEFAULT_TIMEZONE
 * set in the environment or .env still wins.
 */
export function withSandboxZone(config: Config, env: NodeJS.ProcessEnv): Config {
  if ((env.DEFAULT_TIMEZONE ?? '') !== '') return config;
  return { ...config, DEFAULT_TIMEZONE: ZONES.ana ?? config.DEFAULT_TIMEZONE };
}

function seed(standin: Standin, ids: { general?: string; broadcast?: string }, withBroadcast: boolean): void {
  for (const u of SANDBOX_USERS) standin.addUser({ ...u, tz: ZONES[u.name] ?? 'UTC' });
  const everyone = SANDBOX_USERS.map((u) => u.id);
  standin.addChannel({ ...(ids.general ? { id: ids.general } : {}), name: 'general', members: everyone });
  if (withBroadcast) standin.addChannel({ ...(ids.broadcast ? { id: ids.broadcast } : {}), name: 'incidents', members: everyone });
}

/** The port asked for, or any free one when it is taken (a second sandbox, another app on 3210). */
async function startOnFreePort(port: number, host: string, teamId: string): Promise<Standin> {
  const opts = { botToken: TOKEN, signingSecret: SIGNING_SECRET, host };
  try {
    return await startStandin({ ...opts, port, teamId });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw err;
    print(`Port ${port} is taken; using a free one instead.`);
    return startStandin({ ...opts, port: 0, teamId });
  }
}

function sandboxSettings(config: Config): FileConfig {
  const own = loadFileConfig(config.WARROOM_CONFIG);
  const onCall = own.escalation.policies.length > 0 ? [] : [{
    name: 'On-call',
    repeatLast: 2,
    levels: [
      { name: 'Primary on-call', targets: [{ type: 'user' as const, id: 'U0BO' }], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 30, sev4: 60 } },
      { name: 'Secondary on-call', targets: [{ type: 'user' as const, id: 'U0CY' }], ackTimeoutMinutes: { sev1: 10, sev2: 15, sev3: 30, sev4: 60 } },
    ],
  }];
  const policies = [...own.escalation.policies, ...onCall, ...drillPolicies()];
  return { ...own, escalation: { defaultPolicy: own.escalation.defaultPolicy ?? policies[0]?.name, policies } };
}

export interface SandboxOptions {
  port: number;
  host: string;
  /** Where the fake workspace is saved (and Redis's data, when the sandbox starts its own). */
  stateDir: string;
  /** Less noise in tests. */
  logLevel?: 'warn' | 'error';
}

export interface Sandbox {
  standin: Standin;
  /** The page: http://127.0.0.1:<port> */
  url: string;
  general(): string;
  /** Resolves when the bot's work after its replies, and its channel echoes, are done. */
  botIdle(): Promise<void>;
  close(): Promise<void>;
}

/** Stand-in (with the page), bot and workers in one process, wired as `npm start` runs them; tests start it the same way. */
export async function startSandbox(config: Config, o: SandboxOptions): Promise<Sandbox> {
  const closing: (() => Promise<void>)[] = [];
  const onClose = (step: () => Promise<void>): void => {
    closing.unshift(step);
  };
  const file = resolve(o.stateDir, 'sandbox-slack.json');
  const saved = readWorkspace(file);
  // A fresh workspace gets a fresh id, so a Redis that still holds an earlier sandbox's incidents (its .warroom/ deleted, a fresh clone) never mixes them in.
  const standin = await startOnFreePort(o.port, o.host, saved?.teamId ?? newTeamId());
  onClose(() => standin.close());
  if (saved) standin.state.restore(saved);
  else seed(standin, {}, !config.BROADCAST_CHANNEL);
  const ids = { general: standin.state.channelByName('general')?.id, broadcast: standin.state.channelByName('incidents')?.id };
  const general = (): string => standin.state.channelByName('general')?.id ?? '';
  const drill = createDrill(standin, general, saved?.drillChannels ?? []);
  // Incidents live in Redis; the fake workspace is saved beside it so channel IDs stay theirs after a restart.
  const saver = setInterval(() => saveWorkspace(file, standin, drill.channels()), 2_000);
  saver.unref();
  onClose(async () => {
    clearInterval(saver);
    saveWorkspace(file, standin, drill.channels());
  });

  const sandboxConfig: Config = Object.freeze({
    ...config,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    BROADCAST_CHANNEL: config.BROADCAST_CHANNEL ?? ids.broadcast,
    JOB_TAG: sandboxJobTag(standin.state.identity.teamId),
  });
  const features = assemble(allFeatures);
  const s = createServices(sandboxConfig, { log: createLogger(o.logLevel ?? 'warn'), settings: sandboxSettings(config), hooks: features.hooks });
  onClose(() => closeServices(s));
  const app = createBoltApp(s, { token: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: standin.apiUrl, interactions: features.interactions });
  // Only the stand-in talks to the bot, so it listens on any free port of this machine.
  const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
  onClose(() => app.stop().then(() => undefined));
  const botPort = (server.address() as AddressInfo).port;
  standin.setAppUrl(`http://127.0.0.1:${botPort}/slack/events`);
  const workers = startWorkers(s, features.processors);
  onClose(() => workers.close());

  onClose(() => drill.stop());
  standin.setPageHandler(
    pageHandler(standin, {
      stateDir: o.stateDir,
      drill: drill.status,
      drillChannels: drill.channels,
      startDrill: ({ fast }) => drill.start(fast ? 'fast' : 'normal'),
      stopDrill: () => drill.stop(),
      async reset() {
        await drill.forget();
        await forgetTeam(s, standin.state.identity.teamId);
        standin.reset();
        // A new workspace id: the bot's caches and any timer still queued belong to the old one.
        standin.state.identity.teamId = newTeamId();
        seed(standin, ids, !config.BROADCAST_CHANNEL);
        rmSync(file, { force: true });
        saveWorkspace(file, standin, drill.channels());
      },
    }),
  );
  return {
    standin,
    url: standin.url,
    botIdle: async () => void (await Promise.all([s.afterReplies.idle(), s.echo.idle()])),
    general,
    async close() {
      for (const step of closing) await step();
    },
  };
}

export async function runSandbox(given: Config, onShutdown: (step: () => Promise<void>) => void, argv: string[] = []): Promise<void> {
  const config = withSandboxZone(given, process.env);
  const args = sandboxArgs(argv);
  await ensureLocalRedis(config.REDIS_URL, print);
  // The saved workspace's keys go too (as the README says), not only the file: else they stay in Redis for good.
  if (args.reset) for (const line of await resetSandbox(config.REDIS_URL, resolve(STATE_DIR, 'sandbox-slack.json'))) print(line);
  const sandbox = await startSandbox(config, { port: args.port, host: args.host, stateDir: STATE_DIR });
  onShutdown(() => sandbox.close());
  if (args.terminal) {
    print(`warroom sandbox (terminal): the bot talks to a local Slack stand-in; the same workspace is also on ${sandbox.url}`);
    print(`Users: ${SANDBOX_USERS.map((u) => '@' + u.name).join(', ')}. Channels: #general, #incidents (broadcast).`);
    if (process.stdin.isTTY) await repl(sandbox.standin, sandbox.general(), { stateInfo: whereStateLives(config.REDIS_URL, resolve(STATE_DIR, 'sandbox-slack.json'), sandbox.standin.state.identity.teamId), botIdle: () => sandbox.botIdle() });
    else print('Standard input is not a terminal, so there is no prompt; stop with Ctrl-C.');
    return;
  }
  print('warroom sandbox: no Slack credentials are set, so the bot runs against a local Slack stand-in; nothing leaves this machine.');
  print(`State is kept in ${STATE_DIR} and in Redis at ${config.REDIS_URL}; \`npm run sandbox -- --reset\` (or Reset on the page) starts over. Stop with Ctrl-C.`);
  print(`Open ${sandbox.url}`);
}
