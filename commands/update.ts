import { z } from 'zod';
import { MAX_UPDATE } from '../src/domain/status-updates.js';
import { defineCommand } from './kit.js';
import { postStatusUpdate } from '../src/app/status-reminders.js';

const usage = 'update <text>';

export default defineCommand({
  name: 'update',
  aliases: ['post'],
  usage,
  summary: 'Post a status update to the channel and the broadcast channel; resets the update reminder',
  examples: ['update Rolled back the config change; error rate is falling. Next update in 30 min.'],
  needsIncident: true,
  args: z.object({
    text: z.string().trim().min(1, 'Write the update.').max(MAX_UPDATE, `An update can be at most ${MAX_UPDATE.toLocaleString('en-US')} characters.`),
  }),
  parse(text) {
    return { text };
  },
  async run(args, ctx) {
    const s = ctx.services;
    const { problems } = await postStatusUpdate(s, ctx.teamId, ctx.incident.incident.number, { text: args.text, by: ctx.userId, source: 'command', after: ctx.after });
    if (problems.length) return { text: `:warning: Update recorded on the timeline, but I could not post it to ${problems.join(' or ')}.` };
    const where = s.config.BROADCAST_CHANNEL ? ` and in <#${s.config.BROADCAST_CHANNEL}>` : '';
    return { text: `:loudspeaker: Update posted here${where} and recorded. The next reminder is reset.` };
  },
});
