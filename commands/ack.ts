import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { defineCommand } from './kit.js';
import { acknowledgePage } from '../src/app/escalation.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { parseMention } from '../src/slack/views/mentions.js';

const usage = 'ack [--for @person]';

export default defineCommand({
  name: 'ack',
  aliases: ['acknowledge'],
  usage,
  summary: 'Acknowledge the page for your level: stops the automatic escalation and records who has it (`--for @person` takes over their page)',
  examples: ['ack', 'ack --for @cy'],
  needsIncident: true,
  // Who may acknowledge depends on the page: the rule in acknowledgePage decides.
  access: 'read',
  args: z.object({ takeOverFrom: z.string().optional() }),
  parse(text) {
    const words = text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return {};
    if (words[0]?.toLowerCase() !== '--for') throw new UsageError('`ack` takes nothing after it, or `--for @person` to take over their page.', usage);
    const who = words.length === 2 ? parseMention(words[1] ?? '') : undefined;
    if (!who) throw new UsageError('`--for` takes one person: type @ and pick who the page went to.', usage);
    return { takeOverFrom: who };
  },
  async run(args, ctx) {
    const takeOverFrom = args.takeOverFrom === ctx.userId ? undefined : args.takeOverFrom;
    const { page } = await acknowledgePage(ctx.services, ctx.teamId, ctx.incident.incident.number, { user: ctx.userId, source: 'command', takeOverFrom, after: ctx.after });
    const level = page.name ? ` for *${escapeText(page.name)}*` : '';
    const from = takeOverFrom ? `, taking over from <@${takeOverFrom}> (recorded in the timeline)` : '';
    return { text: `:ok_hand: Acknowledged${level}${from}. Automatic escalation is stopped; \`/incident escalate\` pages the next level if you need help.` };
  },
});
