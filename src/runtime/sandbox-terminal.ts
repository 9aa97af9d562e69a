import { createInterface } from 'node:readline';
import type { Standin } from '../standin/index.js';
import { SANDBOX_USERS } from './sandbox-users.js';

/** The sandbox's terminal prompt: type slash commands and messages as one of the sample users. */

/** With should_escape, Slack sends a typed @name as <@U…|name>; do the same for the sandbox's people. */
function asSlackWouldSend(text: string): string {
  return text.replace(/(^|\s)@([a-z0-9._-]+)/g, (all, space: string, name: string) => {
    const u = SANDBOX_USERS.find((x) => x.name === name);
    return u ? `${space}<@${u.id}|${name}>` : all;
  });
}

export const print = (line: string): void => {
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

export async function repl(standin: Standin, startChannel: string): Promise<void> {
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
