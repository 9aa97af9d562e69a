import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { referenceTime } from '../src/domain/lifecycle.js';
import { addNote } from '../src/domain/notes.js';
import { incidentLabel } from '../src/domain/incident.js';
import { formatClock } from '../src/domain/time-format.js';
import { ACCEPTED_TIME_FORMS, splitLeadingTime } from '../src/domain/time-parse.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand } from './kit.js';

const usage = 'note [<time>] <text>';

export default defineCommand({
  name: 'note',
  aliases: ['log', 'add'],
  usage,
  summary: `Add a timeline entry; a leading time back-dates it (${ACCEPTED_TIME_FORMS})`,
  examples: ['note 10 min ago DBAs paged about failing logins', 'note rolled back config change'],
  needsIncident: true,
  recentIncidentWillDo: true,
  args: z.object({
    at: z.number().int().optional(),
    text: z.string().trim().min(1, 'Write what happened.').max(3000, 'A note can be at most 3,000 characters; split it in two.'),
  }),
  parse(text, ctx) {
    const { incident } = ctx.incident;
    const split = splitLeadingTime(text, { zone: incident.timeZone, reference: referenceTime(incident), now: ctx.now });
    if (!split.ok) throw new UsageError(split.error, usage);
    return { ...(split.at !== undefined ? { at: split.at } : {}), text: split.rest };
  },
  async run(args, ctx) {
    const at = args.at ?? ctx.now;
    const { after, entries } = await applyRule(ctx.services, ctx.teamId, ctx.incident.incident.number, (incident) => {
      const { incident: next, entry } = addNote(incident, { text: args.text, at, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids });
      return { incident: next, entries: [entry] };
    }, { refresh: false, known: ctx.incident, after: ctx.after });
    const when = formatClock(entries[0]?.at ?? at, after.timeZone);
    // The postmortem was drafted at close; a late note is only in it once someone drafts again.
    const closed = after.status === 'closed' ? ` ${incidentLabel(after)} is closed; \`/incident postmortem\` drafts it again with this note.` : '';
    return { text: `:memo: Saved to the timeline at ${when}.${closed}` };
  },
});
