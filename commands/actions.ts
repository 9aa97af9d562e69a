import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { visibleTo, type Incident } from '../src/domain/incident.js';
import { compareForChasing } from '../src/domain/action-item-rules.js';
import type { ActionItem } from '../src/domain/action-item.js';
import { actionItemPolicy } from '../src/app/action-item-timers.js';
import { incidentRef, itemLine, listReply } from '../src/slack/views/action-item-messages.js';
import { defineCommand, firstWord, type CommandContext } from './kit.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { actionItemStoreFor } from '../src/store/action-items.js';

const usage = 'actions [all]';
/** A Slack reply cannot hold the whole workspace; the most overdue come first, so these are the ones to see. */
const MAX_SHOWN = 50;

async function incidentsOf(ctx: CommandContext, items: ActionItem[]): Promise<Map<number, Incident>> {
  const numbers = [...new Set(items.map((i) => i.incident))];
  const incidents = await ctx.services.incidents.loadMany(ctx.teamId, numbers);
  return new Map(incidents.map((i) => [i.number, i]));
}

async function mine(ctx: CommandContext) {
  const s = ctx.services;
  const policy = actionItemPolicy(s);
  const items = (await actionItemStoreFor(s.redis).openForOwner(ctx.teamId, ctx.userId)).sort(compareForChasing(policy));
  if (items.length === 0) return { text: ':tada: You have no open action items. `/incident actions all` shows everyone\'s.' };
  const shown = items.slice(0, MAX_SHOWN);
  const incidents = await incidentsOf(ctx, shown);
  const lines = shown.map((i) => itemLine(i, ctx.now, policy, { owner: false, where: incidentRef(incidents.get(i.incident), i.incident) }));
  return listReply(`*Your open action items: ${items.length}* (overdue first)`, lines, items.length, '`/incident action done <id>` when one is finished');
}

async function everyone(ctx: CommandContext) {
  const s = ctx.services;
  const store = actionItemStoreFor(s.redis);
  const policy = actionItemPolicy(s);
  const [total, shown] = await Promise.all([store.openCount(ctx.teamId), store.openPage(ctx.teamId, 0, MAX_SHOWN)]);
  if (total === 0) return { text: ':tada: There are no open action items in this workspace.' };
  const incidents = await incidentsOf(ctx, shown);
  // A private incident is in no list of people outside it: its items are left out (unless they own one).
  const hidden = (i: (typeof shown)[number]) => {
    const incident = incidents.get(i.incident);
    return incident !== undefined && !visibleTo(incident, ctx.userId) && i.owner !== ctx.userId;
  };
  const visible = shown.filter((i) => !hidden(i));
  const lines = visible.map((i) => itemLine(i, ctx.now, policy, { where: incidentRef(incidents.get(i.incident), i.incident) }));
  if (total <= shown.length) {
    if (visible.length === 0) return { text: ':tada: There are no open action items you can see.' };
    return listReply(`*Open action items: ${visible.length}* (overdue first)`, lines, visible.length);
  }
  if (visible.length === shown.length) return listReply(`*Open action items: ${total}* (overdue first)`, lines, total);
  // Some were left out and items past this page are not read, so no count pretends to be exact.
  const more = total - shown.length;
  return listReply(`*Open action items: ${lines.length} shown* (overdue first)`, [...lines, `_…and ${more} more in the workspace, not read here._`], lines.length + 1);
}

export default defineCommand({
  name: 'actions',
  aliases: ['todo', 'todos'],
  usage,
  summary: 'Your open action items across all incidents, overdue first; `all` for everyone\'s',
  examples: ['actions', 'actions all'],
  needsIncident: false,
  args: z.object({ all: z.boolean() }),
  parse(text) {
    const [word, rest] = firstWord(text);
    if (!word) return { all: false };
    if (/^(?:all|everyone)$/i.test(word) && !rest) return { all: true };
    if (/^(?:mine|me)$/i.test(word) && !rest) return { all: false };
    throw new UsageError(`\`${escapeText(text.trim())}\` is not an option here.`, usage);
  },
  async run(args, ctx) {
    return args.all ? everyone(ctx) : mine(ctx);
  },
});
