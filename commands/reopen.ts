import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { SETTABLE_STATUSES, SettableStatus } from '../src/domain/status.js';
import { reopen } from '../src/app/close.js';
import { defineCommand, firstWord } from './kit.js';

const usage = `reopen [${SETTABLE_STATUSES.join('|')}] [<reason>]`;

export default defineCommand({
  name: 'reopen',
  usage,
  summary: 'Reopen a closed incident (as Investigating unless you name a status); it is recorded',
  examples: ['reopen logins failing again after the restart', 'reopen resolved to add the missing notes'],
  needsIncident: true,
  access: 'lead',
  verb: 'reopen',
  args: z.object({ status: SettableStatus.optional(), reason: z.string().trim().max(3000).optional() }),
  parse(text) {
    const [word, rest] = firstWord(text);
    const status = SettableStatus.safeParse(word.toLowerCase());
    if (status.success) return { status: status.data, ...(rest ? { reason: rest } : {}) };
    if (word.toLowerCase() === 'closed') throw new UsageError('Reopening takes the incident out of Closed; name another status or none.', usage);
    return text.trim() ? { reason: text.trim() } : {};
  },
  async run(args, ctx) {
    return reopen(ctx.services, { team: ctx.teamId, number: ctx.incident.incident.number, by: ctx.userId, source: 'command', now: ctx.now, status: args.status, reason: args.reason, after: ctx.after });
  },
});
