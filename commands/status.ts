import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { changeStatus, referenceTime } from '../src/domain/lifecycle.js';
import { SETTABLE_STATUSES, SettableStatus, statusLabel } from '../src/domain/status.js';
import { splitLeadingTime } from '../src/domain/time-parse.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand, firstWord, withUsage } from './kit.js';
import { closestWord } from '../src/domain/edit-distance.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = `status <${SETTABLE_STATUSES.join('|')}> [<time>] [<text>]`;

export default defineCommand({
  name: 'status',
  usage,
  summary: 'Change the status; a time back-dates it, text says why',
  examples: ['status identified config change caused a DB deadlock', 'status monitoring 8:45 PM rolled back and restarted'],
  needsIncident: true,
  args: z.object({
    status: SettableStatus,
    at: z.number().int().optional(),
    text: z.string().trim().max(3000).optional(),
  }),
  parse(text, ctx) {
    const [word, rest] = firstWord(text);
    const parsed = SettableStatus.safeParse(word.toLowerCase());
    if (!parsed.success) {
      const guess = word ? closestWord(word, SETTABLE_STATUSES) : undefined;
      throw new UsageError(word ? `\`${escapeText(word)}\` is not a status.${guess ? ` Did you mean \`${guess}\`?` : ''}` : 'Which status?', usage);
    }
    const status = parsed.data;
    const { incident } = ctx.incident;
    const split = splitLeadingTime(rest, { zone: incident.timeZone, reference: referenceTime(incident), now: ctx.now });
    if (!split.ok) throw new UsageError(split.error, usage);
    return { status, ...(split.at !== undefined ? { at: split.at } : {}), ...(split.rest ? { text: split.rest } : {}) };
  },
  async run(args, ctx) {
    const { after } = await withUsage(
      usage,
      applyRule(
        ctx.services,
        ctx.teamId,
        ctx.incident.incident.number,
        (incident) => changeStatus(incident, { status: args.status, at: args.at ?? ctx.now, text: args.text, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids }),
        { after: ctx.after },
      ),
    );
    return { text: `:white_check_mark: Status is now *${statusLabel(after.status)}*.` };
  },
});
