import { actionItemLabel, type ActionItem, type ActionItemKind } from './action-item.js';
import { dueScore, withSchedule, type ReminderPolicy } from './action-item-schedule.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { StateError } from './errors.js';
import type { Incident } from './incident.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

/**
 * Pure rules for action items: each takes an item and returns the new item plus the timeline
 * entry (kind `action`, with a structured `change`) that records it. The change's field is
 * `A12` when the item is added and `A12.state` / `A12.owner` / `A12.due` afterwards, so the
 * postmortem can follow an item without parsing prose.
 */

export interface ActionItemContext {
  by: string;
  now: number;
  ids: EntryIds;
  source: TimelineSource;
  policy: ReminderPolicy;
}

export interface ItemOutcome {
  item: ActionItem;
  entry: TimelineEntry;
}

export const MAX_ACTION_TEXT = 1_000;

function entry(ctx: ActionItemContext, text: string, change: { field: string; from?: string; to?: string }): TimelineEntry {
  return makeEntry({ kind: 'action', at: ctx.now, now: ctx.now, ids: ctx.ids, text, author: ctx.by, source: ctx.source, change });
}

export interface NewAction {
  id: number;
  text: string;
  kind: ActionItemKind;
  owner?: string | undefined;
  ownerTimeZone?: string | undefined;
  due?: string | undefined;
}

export function addActionItem(incident: Incident, input: NewAction, ctx: ActionItemContext): ItemOutcome {
  const item: ActionItem = withSchedule(
    {
      id: input.id,
      teamId: incident.teamId,
      incident: incident.number,
      text: input.text,
      kind: input.kind,
      ...(input.owner ? { owner: input.owner } : {}),
      ...(input.owner && input.ownerTimeZone ? { ownerTimeZone: input.ownerTimeZone } : {}),
      ...(input.due ? { due: input.due } : {}),
      timeZone: incident.timeZone,
      state: 'open',
      createdBy: ctx.by,
      createdAt: ctx.now,
      updatedAt: ctx.now,
    },
    ctx.policy,
  );
  const label = actionItemLabel(item.id);
  const details = [item.kind, item.owner ? `owner ${mention(item.owner)}` : 'no owner', item.due ? `due ${item.due}` : 'no due date'].join(', ');
  return { item, entry: entry(ctx, `Action item ${label} added (${details}): ${item.text}`, { field: label, to: 'open' }) };
}

function touched(item: ActionItem, ctx: ActionItemContext): ActionItem {
  return { ...item, updatedAt: ctx.now };
}

export function markDone(item: ActionItem, ctx: ActionItemContext): ItemOutcome {
  const label = actionItemLabel(item.id);
  if (item.state === 'done') throw new StateError(`${label} is already done.`);
  if (item.state === 'cancelled') throw new StateError(`${label} was cancelled; \`/incident action reopen ${label}\` first if it is needed after all.`);
  const { snoozedUntil: _s, snoozeRequest: _r, ...rest } = item;
  const next = withSchedule({ ...touched(rest, ctx), state: 'done', doneAt: ctx.now }, ctx.policy);
  return { item: next, entry: entry(ctx, `${label} done: ${item.text}`, { field: `${label}.state`, from: item.state, to: 'done' }) };
}

export function cancelActionItem(item: ActionItem, ctx: ActionItemContext): ItemOutcome {
  const label = actionItemLabel(item.id);
  if (item.state === 'cancelled') throw new StateError(`${label} is already cancelled.`);
  if (item.state === 'done') throw new StateError(`${label} is done; \`/incident action reopen ${label}\` first to cancel it instead.`);
  const { snoozedUntil: _s, snoozeRequest: _r, ...rest } = item;
  const next = withSchedule({ ...touched(rest, ctx), state: 'cancelled' }, ctx.policy);
  return { item: next, entry: entry(ctx, `${label} cancelled: ${item.text}`, { field: `${label}.state`, from: item.state, to: 'cancelled' }) };
}

/** Reopened items are chased from scratch: an overdue one is reminded at once. */
export function reopenActionItem(item: ActionItem, ctx: ActionItemContext): ItemOutcome {
  const label = actionItemLabel(item.id);
  if (item.state === 'open') throw new StateError(`${label} is already open.`);
  const { doneAt: _d, lastReminder: _l, snoozedUntil: _s, snoozeRequest: _r, ...rest } = item;
  const next = withSchedule({ ...touched(rest, ctx), state: 'open' }, ctx.policy);
  return { item: next, entry: entry(ctx, `${label} reopened: ${item.text}`, { field: `${label}.state`, from: item.state, to: 'open' }) };
}

/** A new owner gets their own reminder, so the last one sent (to someone else) no longer counts. */
export function assignActionItem(item: ActionItem, owner: string, ownerTimeZone: string | undefined, ctx: ActionItemContext): ItemOutcome {
  const label = actionItemLabel(item.id);
  if (item.owner === owner) throw new StateError(`${mention(owner)} already owns ${label}.`);
  const { lastReminder: _l, snoozedUntil: _s, snoozeRequest: _r, ownerTimeZone: _z, ...rest } = item;
  const next = withSchedule({ ...touched(rest, ctx), owner, ...(ownerTimeZone ? { ownerTimeZone } : {}) }, ctx.policy);
  const text = `${label} is now owned by ${mention(owner)}${item.owner ? ` (was ${mention(item.owner)})` : ''}: ${item.text}`;
  return { item: next, entry: entry(ctx, text, { field: `${label}.owner`, ...(item.owner ? { from: item.owner } : {}), to: owner }) };
}

/** A new due date is a new deadline: reminders, snoozes and the escalation start over. */
export function setActionItemDue(item: ActionItem, due: string | undefined, ctx: ActionItemContext): ItemOutcome {
  const label = actionItemLabel(item.id);
  if (item.due === due) throw new StateError(due ? `${label} is already due ${due}.` : `${label} has no due date.`);
  const { due: _d, lastReminder: _l, snoozedUntil: _s, snoozeRequest: _r, escalatedAt: _e, ...rest } = item;
  const next = withSchedule({ ...touched(rest, ctx), ...(due ? { due } : {}) }, ctx.policy);
  const text = due
    ? `${label} is now due ${due}${item.due ? ` (was ${item.due})` : ''}: ${item.text}`
    : `${label} no longer has a due date (was ${item.due ?? 'none'}): ${item.text}`;
  return { item: next, entry: entry(ctx, text, { field: `${label}.due`, ...(item.due ? { from: item.due } : {}), ...(due ? { to: due } : {}) }) };
}

export const SNOOZE_DAYS = { day: 1, week: 7 } as const;
export type SnoozeLength = keyof typeof SNOOZE_DAYS;

/**
 * Snoozing is the owner's business, not the incident's: no timeline entry. The same button
 * pressed twice (same reminder, same length) changes nothing the second time.
 */
export function snoozeActionItem(
  item: ActionItem,
  input: { reminderAt: number; length: SnoozeLength },
  ctx: Pick<ActionItemContext, 'now' | 'policy'>,
): { item: ActionItem; changed: boolean } {
  const label = actionItemLabel(item.id);
  if (item.state !== 'open') throw new StateError(`${label} is ${item.state === 'done' ? 'already done' : 'cancelled'}; nothing to snooze.`);
  const request = `${input.reminderAt}/${SNOOZE_DAYS[input.length]}`;
  if (item.snoozeRequest === request) return { item, changed: false };
  const until = ctx.now + SNOOZE_DAYS[input.length] * 24 * 60 * 60_000;
  return { item: withSchedule({ ...item, snoozedUntil: until, snoozeRequest: request, updatedAt: ctx.now }, ctx.policy), changed: true };
}

/** What a reminder job records before it sends anything, so a retry or a second worker never sends twice. */
export function recordReminder(item: ActionItem, input: { at: number; now: number; escalate: boolean }, policy: ReminderPolicy): ActionItem {
  const { snoozedUntil: _s, ...rest } = item;
  return withSchedule(
    {
      ...rest,
      lastReminder: { at: input.at, sentAt: input.now, escalated: input.escalate },
      ...(input.escalate ? { escalatedAt: input.now } : {}),
    },
    policy,
  );
}

/** Overdue first (earliest due first), undated last, then by id: the order of every list and digest. */
export function compareForChasing(policy: ReminderPolicy): (a: ActionItem, b: ActionItem) => number {
  // Each score is a zone lookup; a sort compares every item many times, so each is worked out once.
  const scores = new WeakMap<ActionItem, number>();
  const score = (item: ActionItem): number => {
    let v = scores.get(item);
    if (v === undefined) {
      v = dueScore(item, policy);
      scores.set(item, v);
    }
    return v;
  };
  return (a, b) => score(a) - score(b) || a.id - b.id;
}

/** Open items per owner, each list overdue first; unowned items are left out (nobody to send them to). */
export function digestGroups(items: ActionItem[], policy: ReminderPolicy): Map<string, ActionItem[]> {
  const groups = new Map<string, ActionItem[]>();
  for (const item of items) {
    if (item.state !== 'open' || !item.owner) continue;
    const list = groups.get(item.owner) ?? [];
    list.push(item);
    groups.set(item.owner, list);
  }
  const order = compareForChasing(policy);
  for (const list of groups.values()) list.sort(order);
  return groups;
}
