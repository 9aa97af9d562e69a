import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { catchupFor } from '../src/app/catchup.js';
import { defineCommand } from './kit.js';

const usage = 'catchup';

export default defineCommand({
  name: 'catchup',
  aliases: ['catch-up'],
  usage,
  summary: 'Only to you: what happened so far, who holds which role, status, severity, last update, open items, what is still unknown',
  needsIncident: true,
  args: z.object({}),
  parse(text) {
    if (text.trim()) throw new UsageError('`catchup` takes nothing after it.', usage);
    return {};
  },
  async run(_args, ctx) {
    return catchupFor(ctx.services, ctx.incident.incident);
  },
});
