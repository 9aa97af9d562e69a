import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { closeNeedsConfirmation } from '../src/domain/closing.js';
import { closeAndDraft, confirmCloseReply } from '../src/app/close.js';
import { defineCommand } from './kit.js';

const usage = 'close';

export default defineCommand({
  name: 'close',
  usage,
  summary: 'Close a resolved incident: stops its timers and drafts the postmortem (an unresolved one asks first)',
  needsIncident: true,
  access: 'lead',
  verb: 'close',
  args: z.object({}),
  parse(text) {
    if (text.trim() !== '') throw new UsageError('`close` takes nothing after it.', usage);
    return {};
  },
  async run(_args, ctx) {
    const { incident } = ctx.incident;
    if (closeNeedsConfirmation(incident)) return confirmCloseReply(incident);
    return closeAndDraft(ctx.services, { team: ctx.teamId, number: incident.number, by: ctx.userId, source: 'command', now: ctx.now, resolveNow: false, after: ctx.after });
  },
});
