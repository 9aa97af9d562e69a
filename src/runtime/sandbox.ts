import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, resolve } from 'node:path';
import type { Server } from 'node:http';
import { createInterface } from 'node:readline';
import { closeServices, createServices } from './services.js';
import type { Config } from '../config/env.js';
import { startWorkers } from '../workers/index.js';
import { createLogger } from '../telemetry/log.js';
import { ensureLocalRedis } from './local-redis.js';
import { createBoltApp } from '../slack/listeners/bolt-app.js';
import { startStandin, type Standin } from '../standin/index.js';
import type { WorkspaceSnapshot } from '../standin/state.js';

const TOKEN = 'xoxb-sandbox-token';
const SIGNING_SECRET = 'sandbox-signing-secret';

export const SANDBOX_USERS = [
  { id: 'U0ANA', name: 'ana', realName: 'Ana Odhiambo' },
  { id: 'U0BO', name: 'bo', realName: 'Bo Lindqvist' },
  { id: 'U0CY', name: 'cy', realName: 'Cy Okafor' },
] as const;

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

/** With should_escape, Slack sends a typed @name as <@U…|name>; do the same for the sandbox's people. */
function asSlackWouldSend(text: string): string {
  return text.replace(/(^|\s)@([a-z0-9._-]+)/g, (all, space: string, name: string) => {
    const u = SANDBOX_USERS.find((x) => x.name === name);
    return u ? `${space}<@${u.id}|${name}>` : all;
  });
}

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Slack mrkdwn → something readable in a terminal. */
function plain(standin: Standin, text: string): string {
  const names = new Map<string, string>(SANDBOX_USERS.map((u) => [u.id, u.name]));
  return text
    .replace(/<@([A-Z0-9]+)>/g, (_, id: string) => `@${names.get(id) ?? id}`)
    .replace(/<#([A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${standin.state.channels.get(id)?.name ?? id}`)
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export async function runSandbox(config: Config, onShutdown: (step: () => Promise<void>) => void): Promise<void> {
  await ensureLocalRedis(config.REDIS_URL, print);
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
  const s = createServices(sandboxConfig, { log: createLogger('warn') });
  onShutdown(() => closeServices(s));
  const app = createBoltApp(s, { token: TOKEN, signingSecret: SIGNING_SECRET, apiUrl: standin.apiUrl });
  const server = (await app.start(config.PORT)) as Server;
  onShutdown(() => app.stop().then(() => undefined));
  const port = (server.address() as AddressInfo).port;
  standin.setAppUrl(`http://127.0.0.1:${port}/slack/events`);
  const workers = startWorkers(s);
  onShutdown(() => workers.close());

  print(`warroom sandbox: the bot is on http://127.0.0.1:${port}/slack/events, talking to a local Slack stand-in at ${standin.url}`);
  print(`No Slack credentials set, so nothing leaves this machine. Users: ${SANDBOX_USERS.map((u) => '@' + u.name).join(', ')}. Channels: #general, #incidents (broadcast).`);
  if (process.stdin.isTTY) {
    await repl(standin, general.id);
  } else {
    print('Standard input is not a terminal, so there is no prompt; stop with Ctrl-C.');
  }
}

async function repl(standin: Standin, startChannel: string): Promise<void> {
  let user: string = SANDBOX_USERS[0].id;
  let channel = startChannel;
  const channelName = (): string => standin.state.channels.get(channel)?.name ?? channel;
  const userName = (): string => SANDBOX_USERS.find((u) => u.id === user)?.name ?? user;
  print('Type a slash command as in Slack, e.g. `/incident declare sev2 Checkout failing`.');
  print('Also: `say <text>` posts a message, `pin` 📌s the last message, `as bo` switches user, `in #inc-1-…` switches channel, `show` prints the channel, `help`, `quit`.');
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '' });
  const prompt = (): void => {
    rl.setPrompt(`@${userName()} in #${channelName()}> `);
    rl.prompt();
  };
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    try {
      await handle(line);
    } catch (err) {
      print(`! ${err instanceof Error ? err.message : String(err)}`);
    }
    if (line === 'quit' || line === 'exit') break;
    prompt();
  }
  process.kill(process.pid, 'SIGINT');

  async function handle(line: string): Promise<void> {
    if (!line) return;
    const seenResponses = standin.responses.length;
    const seenMessages = new Map([...standin.state.channels.keys()].map((id) => [id, standin.state.messages.get(id)?.length ?? 0]));
    if (line.startsWith('/')) {
      const [command = '/incident', ...rest] = line.split(' ');
      await standin.sendCommand({ user, channel, command, text: asSlackWouldSend(rest.join(' ')) });
    } else if (line.startsWith('say ')) {
      const m = standin.postMessageAsUser(user, channel, line.slice(4));
      print(`(posted at ts ${m.ts})`);
    } else if (line === 'pin' || line.startsWith('pin ')) {
      const ts = line.slice(4).trim() || [...(standin.state.messages.get(channel) ?? [])].reverse().find((m) => m.user !== standin.botUserId)?.ts;
      if (!ts) throw new Error('no message to pin here; `say` something first');
      await standin.addReaction(user, channel, ts, 'pushpin');
    } else if (line.startsWith('as ')) {
      const name = line.slice(3).replace('@', '').trim();
      const found = SANDBOX_USERS.find((u) => u.name === name);
      if (!found) throw new Error(`no user ${name}; try ${SANDBOX_USERS.map((u) => u.name).join(', ')}`);
      user = found.id;
      return;
    } else if (line.startsWith('in ')) {
      const name = line.slice(3).replace('#', '').trim();
      const found = [...standin.state.channels.values()].find((c) => c.name === name || c.name.startsWith(name));
      if (!found) throw new Error(`no channel ${name}`);
      channel = found.id;
      return;
    } else if (line === 'show') {
      const ch = standin.state.channels.get(channel);
      print(`#${ch?.name} — topic: ${ch?.topic ?? ''}`);
      for (const m of standin.state.messages.get(channel) ?? []) print(`  [${m.ts}] ${plain(standin, m.text ?? '')}`);
      return;
    } else if (line === 'help') {
      await standin.sendCommand({ user, channel, text: 'help' });
    } else if (line === 'quit' || line === 'exit') {
      return;
    } else {
      throw new Error('unknown input; type `help`');
    }
    await new Promise((r) => setTimeout(r, 400));
    for (const r of standin.responses.slice(seenResponses)) print(`(only you) ${plain(standin, typeof r.body.text === 'string' ? r.body.text : '')}`);
    for (const [id, msgs] of standin.state.messages) {
      for (const m of msgs.slice(seenMessages.get(id) ?? 0)) print(`#${standin.state.channels.get(id)?.name ?? id} ${plain(standin, m.text ?? '')}`);
    }
  }
}
