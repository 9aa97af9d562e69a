import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { redraft } from '../src/app/close.js';
import { defineCommand } from './kit.js';

const usage = 'postmortem';

export default defineCommand({
  name: 'postmortem',
  aliases: ['pm', 'draft'],
  usage,
  summary: 'Draft the postmortem again from the current record, as a new version in this channel',
  needsIncident: true,
  args: z.object({}),
  parse(text) {
    if (text.trim() !== '') throw new UsageError('`postmortem` takes nothing after it.', usage);
    return {};
  },
  async run(_args, ctx) {
    return redraft(ctx.services, { team: ctx.teamId, number: ctx.incident.incident.number, by: ctx.userId, source: 'command', now: ctx.now, after: ctx.after });
  },
});
