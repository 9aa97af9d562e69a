import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { incidentLabel } from '../src/domain/incident.js';
import { makeTimelineFormatter } from '../src/domain/time-format.js';
import { defineCommand, firstWord } from './kit.js';
import { CORRECTION_USAGE, parseCorrection, runCorrection, type CorrectionArgs } from './timeline/corrections.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { contextBlock, entryLine, linesToSections } from '../src/slack/views/timeline-lines.js';

export const PAGE_SIZE = 30;
const usage = `timeline [<page>] | ${CORRECTION_USAGE}`;
const CORRECTIONS = ['edit', 'move', 'delete'] as const;

export default defineCommand({
  name: 'timeline',
  aliases: ['tl'],
  usage,
  summary: 'Show the timeline, oldest first, a page at a time; `edit`, `move` or `delete` an entry you wrote (E12)',
  examples: ['timeline 2', 'timeline edit E12 DBAs paged at 7:05, not 7:15', 'timeline move E12 7:05 PM', 'timeline delete E12'],
  needsIncident: true,
  // Reading is open to members; the corrections (edit, move, delete) change the incident.
  args: z.object({ page: z.coerce.number().int().min(1, 'Pages start at 1.').default(1), correct: z.custom<CorrectionArgs>().optional() }),
  parse(text, ctx) {
    const [first, rest] = firstWord(text);
    const op = CORRECTIONS.find((c) => c === first.toLowerCase());
    if (op) return { correct: parseCorrection(op, rest, ctx) };
    const word = text.trim();
    if (word && !/^\d+$/.test(word)) throw new UsageError(`\`${escapeText(word)}\` is not a page number.`, usage);
    return { page: word || undefined };
  },
  async run(args, ctx) {
    if (args.correct) return runCorrection(args.correct, ctx);
    const { incident } = ctx.incident;
    const store = ctx.services.incidents;
    const total = await store.timelineCount(ctx.teamId, incident.number);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    if (args.page > pages) throw new UsageError(`The timeline has ${pages} page${pages === 1 ? '' : 's'}.`, usage);
    const entries = await store.timelinePage(ctx.teamId, incident.number, (args.page - 1) * PAGE_SIZE, PAGE_SIZE);
    // Dates appear when the incident spans days, judged on the whole incident, not just this page.
    const [first] = await store.timelinePage(ctx.teamId, incident.number, 0, 1);
    const [last] = await store.timelinePage(ctx.teamId, incident.number, total - 1, 1);
    const when = makeTimelineFormatter([first?.at, last?.at, ctx.now].filter((t): t is number => t !== undefined), incident.timeZone);
    const title = `*Timeline of ${incidentLabel(incident)}: ${escapeText(incident.title)}* (${total} entr${total === 1 ? 'y' : 'ies'})`;
    const offset = (args.page - 1) * PAGE_SIZE;
    // Numbered as corrections and the postmortem cite them: E12 is the 12th entry, oldest first.
    const lines = entries.map((e, i) => `\`E${offset + i + 1}\` ${entryLine(e, when)}`);
    const footer = pages > 1 ? `Page ${args.page} of ${pages}${args.page < pages ? ` · \`/incident timeline ${args.page + 1}\` for the next` : ''}` : 'Whole timeline shown';
    return {
      text: [title, ...lines].join('\n').slice(0, 3000),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: title } }, ...linesToSections(lines.length ? lines : ['_Nothing recorded yet._']), contextBlock(footer)],
    };
  },
});
