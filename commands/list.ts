import { z } from 'zod';
import { incidentLabel, visibleTo } from '../src/domain/incident.js';
import { severityLabel } from '../src/domain/severity.js';
import { UsageError } from '../src/domain/errors.js';
import { statusLabel } from '../src/domain/status.js';
import { formatAge } from '../src/domain/time-format.js';
import { defineCommand } from './kit.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { contextBlock, linesToSections } from '../src/slack/views/timeline-lines.js';

export const LIST_PAGE_SIZE = 20;
const usage = 'list [<page>]';

export default defineCommand({
  name: 'list',
  aliases: ['ls', 'open'],
  usage,
  summary: 'List open incidents with severity, status, commander and age, most severe first, a page at a time',
  needsIncident: false,
  args: z.object({ page: z.coerce.number().int().min(1, 'Pages start at 1.').default(1) }),
  parse(text) {
    const word = text.trim();
    if (word && !/^\d+$/.test(word)) throw new UsageError(`\`${escapeText(word)}\` is not a page number.`, usage);
    return { page: word || undefined };
  },
  async run(args, ctx) {
    const s = ctx.services;
    const { incidents, total } = await s.incidents.openIncidentsPage(ctx.teamId, args.page, LIST_PAGE_SIZE, (i) => visibleTo(i, ctx.userId));
    if (total === 0) return { text: ':sunny: No open incidents.' };
    const pages = Math.ceil(total / LIST_PAGE_SIZE);
    if (args.page > pages) throw new UsageError(`There ${pages === 1 ? 'is 1 page' : `are ${pages} pages`} of open incidents.`, usage);
    const lines = incidents.map((i) => {
      const started = i.keyTimes.started ?? i.keyTimes.declared ?? i.createdAt;
      const channel = i.setup.channelId ? ` <#${i.setup.channelId}>` : '';
      const ic = i.roles.commander ? `IC <@${i.roles.commander}>` : 'no commander';
      return `• *${incidentLabel(i)}* ${severityLabel(i.severity)} · ${statusLabel(i.status)} · ${ic} · ${formatAge(ctx.now - started)} — ${escapeText(i.title)}${channel}`;
    });
    const head = `*${total} open incident${total === 1 ? '' : 's'}*`;
    const footer = pages > 1 ? `Most severe first · page ${args.page} of ${pages}${args.page < pages ? ` · \`/incident list ${args.page + 1}\` for the next` : ''}` : 'Most severe first.';
    return { text: [head, ...lines].join('\n').slice(0, 3000), blocks: [...linesToSections([head, ...lines]).slice(0, 48), contextBlock(footer)] };
  },
});
