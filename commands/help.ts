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

/** The registry is passed in at dispatch time to avoid an import cycle with commands/index.ts. */
export default defineCommand({
  name: 'help',
  aliases: ['?', '-h', '--help'],
  usage: 'help',
  summary: 'Show every command with its usage',
  needsIncident: false,
  args: z.object({}),
  parse: () => ({}),
  async run() {
    const { commands } = await import('./index.js');
    return helpReply(commands);
  },
});
