import { createInterface } from 'node:readline';
import type { Standin, ViewRecord } from '../standin/index.js';
import { buttonsIn, describeForm, findButton, formValues, parseAssignments } from './sandbox-forms.js';
import { SANDBOX_USERS } from './sandbox-users.js';
import { asSlackWouldSend } from '../standin/page/typing.js';

/** The sandbox's terminal prompt: type slash commands, fill in forms and press buttons as one of the sample users. */

export const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const HELP = [
  'Type a slash command as in Slack, e.g. `/incident declare sev2 Checkout failing`; `/incident` alone opens the declare form.',
  'Forms: `form` shows the open one, `submit title="Login page blank" severity=sev2` fills it in and submits, `cancel` closes it.',
  'Buttons: `press <label>` presses the newest button with that label you can see (e.g. `press Resolve and close`).',
  'Files: `files` lists uploaded files (the postmortem draft), `file <n>` prints one.',
  'Also: `say <text>` posts a message, `pin` 📌s the last message, `as bo` switches user, `in #inc-1-…` switches channel,',
  '`show` prints the channel, `where` says where the sandbox keeps its state, `help` (this), `/incident help`, `quit`.',
];

const userByName = (name: string): string | undefined => SANDBOX_USERS.find((u) => u.name === name)?.id;

/** Slack mrkdwn → something readable in a terminal: people and channels by name, links as text (url). */
export function plain(standin: Standin, text: string): string {
  const names = new Map<string, string>(SANDBOX_USERS.map((u) => [u.id, u.name]));
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${names.get(id) ?? standin.state.users.get(id)?.name ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${standin.state.channels.get(id)?.name ?? id}`)
    .replace(/<!(\w+)>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

export interface Terminal {
  handle(line: string): Promise<void>;
  promptText(): string;
}

export interface TerminalOptions {
  out?: (line: string) => void;
  /** Where the sandbox keeps its state, for `where`. */
  stateInfo?: readonly string[];
  /** Resolves when the bot's work after its replies, and its channel echoes, are done. */
  botIdle: () => Promise<void>;
}

export function createTerminal(standin: Standin, startChannel: string, opts: TerminalOptions): Terminal {
  const out = opts.out ?? print;
  const stateInfo = opts.stateInfo ?? [];
  let user: string = SANDBOX_USERS[0].id;
  let channel = startChannel;
  const channelName = (id: string): string => standin.state.channels.get(id)?.name ?? id;
  const userName = (): string => SANDBOX_USERS.find((u) => u.id === user)?.name ?? user;
  const openForm = (): ViewRecord | undefined => [...standin.state.views.values()].reverse().find((v) => v.user === user && !v.closed);

  /** What changed since `before`: replies only this user sees, channel messages with their buttons, new files, a form opened. */
  function snapshot() {
    return {
      ephemerals: standin.state.ephemerals.length,
      messages: new Map([...standin.state.messages].map(([id, m]) => [id, m.length])),
      files: new Set(standin.state.files.keys()),
      form: openForm()?.id,
    };
  }
  function report(before: ReturnType<typeof snapshot>): void {
    const withButtons = (text: string, blocks: unknown): string => {
      const labels = buttonsIn(blocks).map((b) => `[${b.label}]`);
      return labels.length > 0 ? `${text}\n    buttons: ${labels.join(' ')}` : text;
    };
    for (const e of standin.state.ephemerals.slice(before.ephemerals)) {
      if (e.user === user) out(`(only you) ${withButtons(plain(standin, e.text), e.blocks)}`);
    }
    for (const [id, msgs] of standin.state.messages) {
      for (const m of msgs.slice(before.messages.get(id) ?? 0)) {
        const where = standin.state.channels.get(id)?.is_im ? `DM to @${SANDBOX_USERS.find((u) => standin.state.dms.get(u.id) === id)?.name ?? '?'}` : `#${channelName(id)}`;
        out(`${where} ${withButtons(plain(standin, m.text), m.blocks)}`);
      }
    }
    const files = [...standin.state.files.values()];
    files.forEach((f, i) => {
      if (!before.files.has(f.id)) out(`(file uploaded) ${f.title || f.name}: \`file ${i + 1}\` prints it`);
    });
    const form = openForm();
    if (form && form.id !== before.form) describeForm(form).forEach((l) => out(l));
  }

  /**
   * The bot answers after its ack, echoes after answering, and some work (declaring from the form,
   * drafting) runs after that: wait until Slack has heard nothing from it for a moment.
   */
  async function settle(): Promise<void> {
    const quietMs = 250;
    const deadline = Date.now() + 15_000;
    let seen = -1;
    while (Date.now() < deadline) {
      await opts.botIdle();
      if (standin.calls.length === seen) return;
      seen = standin.calls.length;
      await new Promise((r) => setTimeout(r, quietMs));
    }
  }

  async function slash(line: string): Promise<void> {
    const [command = '/incident', ...rest] = line.split(' ');
    const sent = await standin.sendCommand({ user, channel, command, text: asSlackWouldSend(standin.state, rest.join(' ')) });
    if (sent.status !== 200) throw new Error(`the bot answered HTTP ${sent.status}`);
    if (rest.join('').trim() === '') {
      await standin.waitFor(() => [...standin.state.views.values()].find((v) => v.trigger_id === sent.triggerId), 5_000);
      return;
    }
    const id = sent.responseUrl.split('/').pop();
    // The answer is in the ack, or follows through the response_url (after a progress note, for declare).
    const answered = (): boolean =>
      sent.body.trim() !== '' && !sent.body.includes(':hourglass') ? true : standin.responses.some((r) => r.id === id && !JSON.stringify(r.body).includes(':hourglass'));
    await standin.waitFor(() => answered(), 10_000);
  }

  async function press(label: string): Promise<void> {
    const form = openForm();
    const inForm = form ? buttonsIn(form.view.blocks).find((b) => b.label.toLowerCase() === label.toLowerCase()) : undefined;
    if (form && inForm) {
      await standin.clickButton({ user, viewId: form.id, actionId: inForm.actionId, ...(inForm.blockId ? { blockId: inForm.blockId } : {}) });
      return;
    }
    const b = findButton(standin, user, channel, label);
    if (!b) throw new Error(`no button "${label}" that @${userName()} can see in #${channelName(channel)}, their replies or their DMs`);
    // Slack asks "Are you sure?" first; typing the label is the person's yes.
    if (b.confirm) out(`(confirmed: ${plain(standin, b.confirm)})`);
    await standin.clickButton({ user, channel: b.channel, messageTs: b.messageTs, actionId: b.actionId, ...(b.blockId ? { blockId: b.blockId } : {}), ...(b.value ? { value: b.value } : {}) });
  }

  async function submit(assignments: string): Promise<void> {
    const form = openForm();
    if (!form) throw new Error('no form is open; `/incident` alone opens the declare form');
    const result = await standin.submitView({ user, viewId: form.id, values: formValues(form, parseAssignments(assignments), userByName) });
    const body = result.body;
    if (typeof body === 'object' && body !== null && 'errors' in body) {
      for (const [field, message] of Object.entries(body.errors as Record<string, string>)) out(`(form) ${field}: ${message}`);
    }
  }

  function printFile(which: string): void {
    const files = [...standin.state.files.values()];
    const f = files[Number(which) - 1] ?? files.find((x) => x.id === which || x.name === which || x.title === which);
    if (!f) throw new Error(files.length === 0 ? 'no file has been uploaded yet' : `no file ${which}; \`files\` lists them`);
    out(`----- ${f.title || f.name} (${f.size} bytes) -----`);
    for (const l of f.content.split('\n')) out(l);
    out('-----');
  }

  /** What was last shown; anything that arrived since (even late, after the previous command) is shown next. */
  let shown = snapshot();

  async function handle(line: string): Promise<void> {
    if (!line || line === 'quit' || line === 'exit') return;
    const before = shown;
    const [word = '', ...restWords] = line.split(' ');
    const rest = restWords.join(' ').trim();
    if (line.startsWith('/')) await slash(line);
    else if (word === 'say') out(`(posted at ts ${standin.postMessageAsUser(user, channel, asSlackWouldSend(standin.state, rest)).ts})`);
    else if (word === 'pin') {
      const ts = rest || [...(standin.state.messages.get(channel) ?? [])].reverse().find((m) => m.user !== standin.botUserId)?.ts;
      if (!ts) throw new Error('no message to pin here; `say` something first');
      await standin.addReaction(user, channel, ts, 'pushpin');
    } else if (word === 'press') await press(rest);
    else if (word === 'submit') await submit(rest);
    else if (word === 'form') {
      const form = openForm();
      (form ? describeForm(form) : ['no form is open; `/incident` alone opens the declare form']).forEach((l) => out(l));
      return;
    } else if (word === 'cancel') {
      const form = openForm();
      if (form) form.closed = true;
      return;
    } else if (word === 'files') {
      const files = [...standin.state.files.values()];
      (files.length === 0 ? ['no file has been uploaded yet'] : files.map((f, i) => `${i + 1}. ${f.title || f.name} (${f.size} bytes)`)).forEach((l) => out(l));
      return;
    } else if (word === 'file') return printFile(rest);
    else if (word === 'as') {
      const id = userByName(rest.replace('@', ''));
      if (!id) throw new Error(`no user ${rest}; try ${SANDBOX_USERS.map((u) => u.name).join(', ')}`);
      user = id;
      return;
    } else if (word === 'in') {
      const name = rest.replace('#', '');
      const found = [...standin.state.channels.values()].find((c) => c.name === name) ?? [...standin.state.channels.values()].find((c) => c.name.startsWith(name));
      if (!found) throw new Error(`no channel ${name}`);
      channel = found.id;
      return;
    } else if (word === 'show') {
      const ch = standin.state.channels.get(channel);
      out(`#${ch?.name ?? channel} — topic: ${ch?.topic ?? ''}`);
      for (const m of standin.state.messages.get(channel) ?? []) out(`  [${m.ts}] ${plain(standin, m.text)}`);
      return;
    } else if (word === 'where') {
      stateInfo.forEach((l) => out(l));
      return;
    } else if (word === 'help') {
      HELP.forEach((l) => out(l));
      return;
    } else throw new Error('unknown input; type `help`');
    await settle();
    report(before);
    shown = snapshot();
  }

  return { handle, promptText: () => `@${userName()} in #${channelName(channel)}> ` };
}

export async function repl(standin: Standin, startChannel: string, opts: TerminalOptions): Promise<void> {
  const terminal = createTerminal(standin, startChannel, opts);
  HELP.forEach((l) => print(l));
  const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: '' });
  const prompt = (): void => {
    rl.setPrompt(terminal.promptText());
    rl.prompt();
  };
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    try {
      await terminal.handle(line);
    } catch (err) {
      print(`! ${err instanceof Error ? err.message : String(err)}`);
    }
    if (line === 'quit' || line === 'exit') break;
    prompt();
  }
  process.kill(process.pid, 'SIGINT');
}
