import type { ActionItem } from '../domain/action-item.js';
import { actionItemLabel } from '../domain/action-item.js';
import type { ActionItemContext } from '../domain/action-item-rules.js';
import { NotFoundError } from '../domain/errors.js';
import type { Incident } from '../domain/incident.js';
import type { TimelineSource } from '../domain/timeline.js';
import { isValidTimeZone } from '../domain/time-zone.js';
import { actionItemPolicy, rearmActionItemReminder } from './action-item-timers.js';
import type { Services } from './context.js';
import { actionItemStoreFor, type ItemChange, type ItemRuleOutcome } from '../store/action-items.js';
import { echo } from './apply.js';
import { refreshSurfaces } from './surfaces.js';

/**
 * Every action item change from Slack (commands, buttons) goes through here: one atomic write
 * of the item, its indexes and its timeline entry; then its reminder is moved, the pinned card's
 * count re-drawn, and the entry echoed in the incident channel.
 */
export async function applyActionItemChange<R>(
  s: Services,
  team: string,
  incident: number,
  id: number,
  rule: (incident: Incident, item: ActionItem | undefined) => ItemRuleOutcome<R>,
  opts: { isNew?: boolean } = {},
): Promise<ItemChange<R>> {
  const res = await actionItemStoreFor(s.redis).change(s.incidents, team, incident, id, rule, actionItemPolicy(s), opts);
  if (!res.changed || !res.item) return res;
  await rearmActionItemReminder(s, res.before, res.item);
  const openBefore = res.before?.state === 'open';
  if (!res.before || openBefore !== (res.item.state === 'open')) await refreshSurfaces(s, res.incidentBefore, res.incident);
  if (res.entries.length > 0) echo(s, res.incident, res.entries);
  return res;
}

export function actionItemContext(s: Services, by: string, source: TimelineSource): ActionItemContext {
  return { by, now: s.now(), ids: s.ids, source, policy: actionItemPolicy(s) };
}

/** The item, or a message naming the id that does not exist. */
export async function findActionItem(s: Services, team: string, id: number): Promise<ActionItem> {
  const item = await actionItemStoreFor(s.redis).get(team, id);
  if (!item) throw new NotFoundError(`There is no action item ${actionItemLabel(id)}. \`/incident action list\` in an incident channel shows its items.`);
  return item;
}

/** The owner's zone from users.info, for reminders at their local hour; undefined if Slack does not say. */
export async function ownerZone(s: Services, owner: string | undefined): Promise<string | undefined> {
  if (!owner) return undefined;
  const person = await s.directory.lookup(owner);
  return person.tz && isValidTimeZone(person.tz) ? person.tz : undefined;
}
