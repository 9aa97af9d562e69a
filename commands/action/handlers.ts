import { actionItemLabel, type ActionItem, type ActionItemKind } from '../../src/domain/action-item.js';
import {
  addActionItem,
  assignActionItem,
  cancelActionItem,
  markDone,
  reopenActionItem,
  setActionItemDue,
  type ActionItemContext,
  type ItemOutcome,
} from '../../src/domain/action-item-rules.js';
import { parseDueDate } from '../../src/domain/due-date.js';
import { NotFoundError, UsageError } from '../../src/domain/errors.js';
import { checkAccess } from '../../src/app/permissions.js';
import { incidentLabel, visibleTo, type Incident } from '../../src/domain/incident.js';
import { actionItemPolicy } from '../../src/app/action-item-timers.js';
import { actionItemContext, applyActionItemChange, findActionItem, ownerZone } from '../../src/app/action-items.js';
import { describeDue, itemLine, listReply, ownerText } from '../../src/slack/views/action-item-messages.js';
import type { CommandContext, Reply } from '../kit.js';
import { truncate, userText } from '../../src/slack/views/mrkdwn.js';
import { actionItemStoreFor } from '../../src/store/action-items.js';
import { ACTION_USAGE } from './parse.js';

/** What each `/incident action …` subcommand does once its words are parsed. */

function summary(item: ActionItem, ctx: CommandContext): string {
  return `${item.kind} · ${ownerText(item)} · ${describeDue(item, ctx.now, actionItemPolicy(ctx.services))}`;
}

export async function addItem(
  ctx: CommandContext,
  incident: Incident,
  input: { text: string; owner?: string | undefined; due?: string | undefined; kind: ActionItemKind },
): Promise<Reply> {
  const s = ctx.services;
  await checkAccess(s, ctx.teamId, incident, ctx.userId, 'change', 'add action items to');
  const zone = await ownerZone(s, input.owner);
  const id = await actionItemStoreFor(s.redis).nextId(ctx.teamId);
  const actx = actionItemContext(s, ctx.userId, 'command');
  const res = await applyActionItemChange(
    s,
    ctx.teamId,
    incident.number,
    id,
    (current) => {
      const out = addActionItem(current, { id, ...input, ownerTimeZone: zone }, actx);
      return { item: out.item, entries: [out.entry], result: out.item };
    },
    { isNew: true },
  );
  const item = res.result;
  const hint = item.owner ? '' : `\nIt has no owner yet: \`/incident action assign ${actionItemLabel(item.id)} @someone\`.`;
  return { text: `:white_check_mark: Added *${actionItemLabel(item.id)}* to ${incidentLabel(incident)}: ${userText(truncate(item.text, 300))}\n${summary(item, ctx)}${hint}` };
}

export async function listItems(ctx: CommandContext, incident: Incident): Promise<Reply> {
  const s = ctx.services;
  const items = await actionItemStoreFor(s.redis).listForIncident(ctx.teamId, incident.number);
  if (items.length === 0) return { text: `${incidentLabel(incident)} has no action items yet. Add one with \`/incident ${ACTION_USAGE.add}\`.` };
  const open = items.filter((i) => i.state === 'open').length;
  const policy = actionItemPolicy(s);
  const header = `*Action items of ${incidentLabel(incident)}*: ${open} open of ${items.length}`;
  return listReply(header, items.slice(0, 60).map((i) => itemLine(i, ctx.now, policy)), items.length, '`/incident action done|reopen|cancel <id>` · `assign <id> @owner` · `due <id> <date>`');
}

type Rule = (item: ActionItem, actx: ActionItemContext) => ItemOutcome;

/** Changes one item (found by its workspace-wide id, so it works from any channel) and records it. */
export async function changeItem(ctx: CommandContext, id: number, rule: Rule, done: (item: ActionItem) => string): Promise<Reply> {
  const s = ctx.services;
  const found = await findActionItem(s, ctx.teamId, id);
  const actx = actionItemContext(s, ctx.userId, 'command');
  const res = await applyActionItemChange(s, ctx.teamId, found.incident, id, (incident, current) => {
    // A private incident's items are its members' (and their owner's) business: to anyone else they do not exist.
    if (!current || (!visibleTo(incident, ctx.userId) && current.owner !== ctx.userId)) throw new NotFoundError(`There is no action item ${actionItemLabel(id)}.`);
    const out = rule(current, actx);
    return { item: out.item, entries: [out.entry], result: out.item };
  });
  return { text: `${done(res.result)}\n${itemLine(res.result, ctx.now, actx.policy)}` };
}

export const doneItem = (ctx: CommandContext, id: number): Promise<Reply> =>
  changeItem(ctx, id, markDone, (i) => `:white_check_mark: ${actionItemLabel(i.id)} is done.`);

export const reopenItem = (ctx: CommandContext, id: number): Promise<Reply> =>
  changeItem(ctx, id, reopenActionItem, (i) => `:leftwards_arrow_with_hook: ${actionItemLabel(i.id)} is open again.`);

export const cancelItem = (ctx: CommandContext, id: number): Promise<Reply> =>
  changeItem(ctx, id, cancelActionItem, (i) => `:no_entry_sign: ${actionItemLabel(i.id)} is cancelled; it will not be chased any more.`);

export async function assignItem(ctx: CommandContext, id: number, owner: string): Promise<Reply> {
  const zone = await ownerZone(ctx.services, owner);
  return changeItem(ctx, id, (item, actx) => assignActionItem(item, owner, zone, actx), (i) => `:bust_in_silhouette: ${actionItemLabel(i.id)} is now owned by <@${owner}>.`);
}

const NO_DATE = /^(?:none|no|clear|-)$/i;

export async function setDueItem(ctx: CommandContext, id: number, phrase: string): Promise<Reply> {
  if (!phrase.trim()) throw new UsageError('Which date? e.g. `friday`, `in 3 days`, `2027-05-20`, or `none`.', ACTION_USAGE.due);
  const item = await findActionItem(ctx.services, ctx.teamId, id);
  let due: string | undefined;
  if (!NO_DATE.test(phrase.trim())) {
    // Read in the incident's zone, like the date given when the item was added.
    const parsed = parseDueDate(phrase, { zone: item.timeZone, now: ctx.now });
    if (!parsed.ok) throw new UsageError(parsed.error, ACTION_USAGE.due);
    due = parsed.date;
  }
  return changeItem(ctx, id, (current, actx) => setActionItemDue(current, due, actx), (i) =>
    i.due ? `:date: ${actionItemLabel(i.id)} moved: ${describeDue(i, ctx.now, actionItemPolicy(ctx.services))}.` : `:date: ${actionItemLabel(i.id)} no longer has a due date.`,
  );
}
