import { WarroomError } from './errors.js';
import { mention } from './entries.js';
import type { Page } from './escalation-state.js';
import { incidentLabel, type Incident } from './incident.js';

/**
 * Who may do what to an incident, pure. The facts about a person that need Slack (is she in
 * the channel, is she in the admins' user group, who is in a paged group) are looked up by
 * the app layer and handed in; the rules here only decide and say why.
 *
 * - read: anyone who can see the incident (a private one: only the people in it).
 * - change: notes, status, roles… — members of the incident's channel.
 * - lead: closing, reopening, severity, editing someone else's entry — the commander, the
 *   declarer and the configured admins, who must be in the channel too.
 */
export type Access = 'read' | 'change' | 'lead';

export interface Actor {
  user: string;
  /** In the incident's channel now, by Slack's member list. */
  inChannel: boolean;
  /** Named in the settings' `permissions.admins`, directly or through a user group. */
  admin: boolean;
}

/** The settings' admins as the refusal names them. */
export interface AdminsText {
  users: readonly string[];
  groups: number;
}

/** A refusal; the message says why and who may do it. */
export class PermissionError extends WarroomError {
  override name = 'PermissionError';
}

/** The people who lead an incident: its commander and whoever declared it. */
export function leaders(incident: Incident): string[] {
  return [...new Set([incident.roles.commander, incident.declaredBy].filter((u): u is string => u !== undefined))];
}

function whoLeads(incident: Incident, admins: AdminsText): string {
  const names: string[] = [];
  const commander = incident.roles.commander;
  if (commander === incident.declaredBy) names.push(`the commander and declarer ${mention(commander)}`);
  else {
    if (commander) names.push(`the commander ${mention(commander)}`);
    names.push(`the declarer ${mention(incident.declaredBy)}`);
  }
  const adminUsers = admins.users.slice(0, 5).map(mention);
  if (adminUsers.length > 0 || admins.groups > 0) {
    const more = admins.groups > 0 ? `${adminUsers.length > 0 ? ' and ' : ''}the admins' user group${admins.groups > 1 ? 's' : ''}` : '';
    names.push(`a warroom admin (${adminUsers.join(', ')}${more})`);
  }
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}` : (names[0] ?? 'nobody');
}

/**
 * Throws PermissionError unless `actor` may do `what` ("close", "change the severity of") to
 * the incident with the given access.
 */
export function authorize(incident: Incident, actor: Actor, access: Access, what: string, admins: AdminsText): void {
  const label = incidentLabel(incident);
  if (access === 'read') {
    if (!incident.private || actor.inChannel || incident.participants.includes(actor.user) || actor.admin) return;
    throw new PermissionError(`${label} is private; only the people in its channel can see it.`);
  }
  if (!actor.inChannel) {
    throw new PermissionError(`Only members of ${label}'s channel can ${what} it, and you are not in it. Ask ${whoLeads(incident, admins)} to invite you.`);
  }
  if (access === 'change') return;
  if (leaders(incident).includes(actor.user) || actor.admin) return;
  throw new PermissionError(`Only ${whoLeads(incident, admins)} can ${what} ${label}. Ask one of them in the channel.`);
}

/** Editing an entry: its author may; anyone else needs to lead the incident. */
export function authorizeEntryEdit(incident: Incident, entryAuthor: string | undefined, actor: Actor, admins: AdminsText): void {
  authorize(incident, actor, entryAuthor !== undefined && entryAuthor === actor.user ? 'change' : 'lead', "edit someone else's entry in", admins);
}

/** Everyone a page reached: the people named and the members of the groups paged. */
export function pagedPeople(page: Page, groupMembers: ReadonlyMap<string, readonly string[]>): Set<string> {
  return new Set([...page.users, ...(page.groups ?? []).flatMap((g) => groupMembers.get(g) ?? [])]);
}

function pagedText(page: Page): string {
  const who = [...page.users.map(mention), ...(page.groups ?? []).map((g) => `<!subteam^${g}>`)];
  return who.length > 0 ? who.join(', ') : 'nobody';
}

export interface AckRequest {
  actor: Actor;
  /** `ack --for @cy`: the actor takes over the page that went to this person. */
  takeOverFrom?: string | undefined;
  /** A page chosen by a button (its index); otherwise the rules pick. */
  page?: number | undefined;
  /** Members of every user group paged so far. */
  groupMembers: ReadonlyMap<string, readonly string[]>;
}

/**
 * Which page an acknowledgement is for, and whether the actor may give it: the person paged,
 * or anyone in a paged group, may; anyone in the channel may take a page over with
 * `--for @who`, naming who it went to. Returns the page's index.
 */
export function choosePageToAck(incident: Incident, pages: readonly Page[], req: AckRequest): number {
  const label = incidentLabel(incident);
  const target = req.takeOverFrom ?? req.actor.user;
  const reached = pages.map((p, i) => ({ i, p, people: pagedPeople(p, req.groupMembers) }));
  if (req.page !== undefined) {
    const chosen = reached[req.page];
    if (!chosen) return req.page;
    if (chosen.people.has(target) || req.actor.admin) return req.page;
    throw new PermissionError(
      `This page of ${label} went to ${pagedText(chosen.p)}; only they can acknowledge it here. To take it over, type \`/incident ack --for @name\` in the incident's channel.`,
    );
  }
  const mine = reached.filter((r) => r.people.has(target));
  const pick = mine.filter((r) => !r.p.ackedBy).at(-1) ?? mine.at(-1);
  if (req.takeOverFrom !== undefined) {
    if (!req.actor.inChannel) throw new PermissionError(`Only members of ${label}'s channel can take over a page.`);
    if (!pick) throw new PermissionError(`${mention(req.takeOverFrom)} was not paged for ${label}. Paged so far: ${pages.map(pagedText).join('; ') || 'nobody'}.`);
    return pick.i;
  }
  if (pick) return pick.i;
  const latest = reached.filter((r) => !r.p.ackedBy).at(-1) ?? reached.at(-1);
  if (!latest) return 0;
  if (req.actor.admin) return latest.i;
  const named = latest.p.users[0];
  const how = named ? ` with ${mention(named)} as the name` : ', naming who it went to';
  throw new PermissionError(
    `You were not paged for ${label}: the latest page${latest.p.name ? ` (${latest.p.name})` : ''} went to ${pagedText(latest.p)}, and only they can acknowledge it. To take it over and have that recorded, type \`/incident ack --for @name\`${how}.`,
  );
}
