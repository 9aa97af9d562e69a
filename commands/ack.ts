import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { defineCommand } from './kit.js';
import { acknowledgePage } from '../src/app/escalation.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = 'ack';

export default defineCommand({
  name: 'ack',
  aliases: ['acknowledge'],
  usage,
  summary: 'Acknowledge the page for your level: stops the automatic escalation and records who has it',
  examples: ['ack'],
  needsIncident: true,
  args: z.object({}),
  parse(text) {
    if (text.trim() !== '') throw new UsageError('`ack` takes nothing after it.', usage);
    return {};
  },
  async run(_args, ctx) {
    const { page } = await acknowledgePage(ctx.services, ctx.teamId, ctx.incident.incident.number, { user: ctx.userId, source: 'command', after: ctx.after });
    const level = page.name ? ` for *${escapeText(page.name)}*` : '';
    return { text: `:ok_hand: Acknowledged${level}. Automatic escalation is stopped; \`/incident escalate\` pages the next level if you need help.` };
  },
});
