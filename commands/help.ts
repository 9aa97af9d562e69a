import { z } from 'zod';
import { defineCommand, type Reply } from './kit.js';
import { linesToSections } from '../src/slack/views/timeline-lines.js';
import type { CommandSpec } from './kit.js';

export function helpReply(commands: readonly CommandSpec[], lead?: string): Reply {
  const lines = commands.filter((c) => !c.hidden).map((c) => `\`/incident ${c.usage}\`\n      ${c.summary}`);
  const head = lead ? `${lead}\n*warroom commands*` : '*warroom commands*';
  const all = [head, '`/incident` alone opens a form to declare an incident.', ...lines];
  return { text: all.join('\n').slice(0, 3000), blocks: linesToSections(all) };
}

/** `help` lists the other commands, so commands/index.ts hands it the list it is part of. */
export function helpCommand(all: () => readonly CommandSpec[]) {
  return defineCommand({
    name: 'help',
    aliases: ['?', '-h', '--help'],
    usage: 'help',
    summary: 'Show every command with its usage',
    needsIncident: false,
    args: z.object({}),
    parse: () => ({}),
    async run() {
      return helpReply(all());
    },
  });
}
