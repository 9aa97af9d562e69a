import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Server } from 'node:http';
import { allFeatures, assemble } from '../features/index.js';
import { closeServices, createServices } from './services.js';
import type { Config } from '../config/env.js';
import { startWorkers } from '../workers/index.js';
import { createLogger } from '../telemetry/log.js';
import { ensureLocalRedis } from './local-redis.js';
import { createBoltApp } from '../slack/listeners/bolt-app.js';
import { startStandin, type Standin } from '../standin/index.js';
import type { WorkspaceSnapshot } from '../standin/state.js';
import { print, repl } from './sandbox-terminal.js';
import { SANDBOX_USERS } from './sandbox-users.js';
import { resetSandbox, whereStateLives } from './sandbox-reset.js';

const TOKEN = 'xoxb-sandbox-token';
const SIGNING_SECRET = 'sandbox-signing-secret';

const WORKSPACE_FILE = resolve('.warroom', 'sandbox-slack.json');

function restoreWorkspace(standin: Standin): boolean {
  if (!existsSync(WORKSPACE_FILE)) return false;
  try {
    standin.state.restore(JSON.parse(readFileSync(WORKSPACE_FILE, 'utf8')) as WorkspaceSnapshot);
    return true;
  } catch {
    return false;
  }
}

function saveWorkspace(standin: Standin): void {
  mkdirSync(dirname(WORKSPACE_FILE), { recursive: true });
  writeFileSync(WORKSPACE_FILE, JSON.stringify(standin.state.snapshot()));
}
export async function runSandbox(config: Config, onShutdown: (step: () => Promise<void>) => void, opts: { reset?: boolean } = {}): Promise<void> {
  await ensureLocalRedis(config.REDIS_URL, print);
  if (opts.reset) (await resetSandbox(config.REDIS_URL, WORKSPACE_FILE)).forEach(print);
  const standin = await startStandin({ botToken: TOKEN, signingSecret: SIGNING_SECRET, port: Number(process.env.SANDBOX_SLACK_PORT ?? 0) });
  onShutdown(() => standin.close());
  const restored = restoreWorkspace(standin);
  if (!restored) {
    for (const u of SANDBOX_USERS) standin.addUser({ ...u, tz: config.DEFAULT_TIMEZONE });
    standin.addChannel({ name: 'general', members: SANDBOX_USERS.map((u) => u.id) });
    if (!config.BROADCAST_CHANNEL) standin.addChannel({ name: 'incidents', members: SANDBOX_USERS.map((u) => u.id) });
  }
  const general = standin.state.channelByName('general') as { id: string };
  const broadcast = config.BROADCAST_CHANNEL ? undefined : standin.state.channelByName('incidents');
  // Incidents live in Redis; the fake workspace is saved beside it so channel IDs stay theirs after a restart.
  const saver = setInterval(() => saveWorkspace(standin), 2_000);
  saver.unref();
  onShutdown(async () => {
    clearInterval(saver);
    saveWorkspace(standin);
  });

  const sandboxConfig: Config = Object.freeze({
    ...config,
    SLACK_BOT_TOKEN: TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: standin.apiUrl,
    BROADCAST_CHANNEL: config.BROADCAST_CHANNEL ?? broadcast?.id,
  });
  const features = assemble(allFeatures);
  const s = createServices(sandboxConfig, { log: createLogger('warn'), hooks: features.hooks });
  onShutdown(() => closeServices(s));
  const app = createBoltApp(s, { token: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: standin.apiUrl, interactions: features.interactions });
  const server = (await app.start(config.PORT)) as Server;
  onShutdown(() => app.stop().then(() => undefined));
  const port = (server.address() as AddressInfo).port;
  standin.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  const workers = startWorkers(s, features.processors);
  onShutdown(() => workers.close());

  print(`warroom sandbox: the bot is on http://127.0.0.1:${port}/slack/events, talking to a local Slack stand-in at ${standin.url}`);
  print(`No Slack credentials set, so nothing leaves this machine. Users: ${SANDBOX_USERS.map((u) => '@' + u.name).join(', ')}. Channels: #general, #incidents (broadcast).`);
  const stateInfo = whereStateLives(config.REDIS_URL, WORKSPACE_FILE);
  stateInfo.forEach(print);
  if (process.stdin.isTTY) {
    await repl(standin, general.id, { stateInfo, botIdle: async () => void (await Promise.all([s.afterReplies.idle(), s.echo.idle()])) });
  } else {
    print('Standard input is not a terminal, so there is no prompt; stop with Ctrl-C.');
  }
}

