import type { Incident } from '../domain/incident.js';
import { authorize, authorizeEntryEdit, type Access, type Actor, type AdminsText } from '../domain/permissions.js';
import type { Services } from './context.js';

/**
 * The facts the permission rules need, from Slack: who is in an incident's channel, who is in
 * a user group. Kept per process for a short while, with one asymmetry: a person found in the
 * channel is believed for MEMBERS_TTL_MS, a person not found is looked up again every time, so
 * someone just invited is let in at once, while someone who left can still write for up to a
 * minute. Lookups of one channel running at the same time share one call.
 */
const MEMBERS_TTL_MS = 60_000;
const GROUP_TTL_MS = 5 * 60_000;
const fetching = new Map<string, Promise<Set<string>>>();

interface Cached {
  ids: Set<string>;
  at: number;
}
const channelCache = new Map<string, Cached>();
const groupCache = new Map<string, Cached>();

function remember(cache: Map<string, Cached>, key: string, ids: Iterable<string>): Set<string> {
  if (cache.size >= 10_000) cache.clear();
  const set = new Set(ids);
  cache.set(key, { ids: set, at: Date.now() });
  return set;
}

async function channelMembers(s: Services, channel: string): Promise<Set<string>> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await s.slack.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
    ids.push(...(res.members ?? []));
    cursor = res.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return new Set(ids);
}

/**
 * Whether `user` is in the incident's channel. When Slack cannot say (an outage, the channel not
 * made yet), the people already part of the incident count as members, so responders are not
 * locked out of their own incident on the day Slack's API is failing.
 */
export async function inIncidentChannel(s: Services, team: string, incident: Incident, user: string): Promise<boolean> {
  const channel = incident.setup.channelId;
  if (!channel) return incident.participants.includes(user);
  const key = `${team}|${channel}`;
  const hit = channelCache.get(key);
  const age = hit ? Date.now() - hit.at : Infinity;
  if (hit && age < MEMBERS_TTL_MS && hit.ids.has(user)) return true;
  try {
    let running = fetching.get(key);
    if (!running) {
      running = channelMembers(s, channel)
        .then((ids) => remember(channelCache, key, ids))
        .finally(() => fetching.delete(key));
      fetching.set(key, running);
    }
    return (await running).has(user);
  } catch (err) {
    s.log.warn('could not read channel members; judging by the incident participants', { incident: incident.number, team, err });
    return incident.participants.includes(user);
  }
}

/** Members of a user group; empty when Slack cannot say (logged). */
export async function groupMembers(s: Services, team: string, group: string): Promise<string[]> {
  const key = `${team}|${group}`;
  const hit = groupCache.get(key);
  if (hit && Date.now() - hit.at < GROUP_TTL_MS) return [...hit.ids];
  try {
    const users = (await s.slack.usergroups.users.list({ usergroup: group })).users ?? [];
    return [...remember(groupCache, key, users)];
  } catch (err) {
    s.log.warn('could not read user group members', { team, group, err });
    return [];
  }
}

export async function groupMembersOf(s: Services, team: string, groups: Iterable<string>): Promise<Map<string, string[]>> {
  const unique = [...new Set(groups)];
  return new Map(await Promise.all(unique.map(async (g) => [g, await groupMembers(s, team, g)] as const)));
}

function adminIds(s: Services): { users: string[]; groups: string[] } {
  const admins = s.settings.permissions.admins;
  return { users: admins.filter((a) => !a.startsWith('S')), groups: admins.filter((a) => a.startsWith('S')) };
}

export function adminsText(s: Services): AdminsText {
  const { users, groups } = adminIds(s);
  return { users, groups: groups.length };
}

export async function isAdmin(s: Services, team: string, user: string): Promise<boolean> {
  const { users, groups } = adminIds(s);
  if (users.includes(user)) return true;
  for (const g of groups) if ((await groupMembers(s, team, g)).includes(user)) return true;
  return false;
}

/** Who is asking, with only the lookups the access needs. */
export async function actorFor(s: Services, team: string, incident: Incident, user: string, access: Access): Promise<Actor> {
  const needsChannel = access !== 'read' || incident.private;
  const inChannel = needsChannel ? await inIncidentChannel(s, team, incident, user) : true;
  const admin = access === 'lead' || (access === 'read' && !inChannel) ? await isAdmin(s, team, user) : false;
  return { user, inChannel, admin };
}

/** The one check before anything touches an incident; throws PermissionError with the reason. */
export async function checkAccess(s: Services, team: string, incident: Incident, user: string, access: Access, what: string): Promise<void> {
  if (access === 'read' && !incident.private) return;
  authorize(incident, await actorFor(s, team, incident, user, access), access, what, adminsText(s));
}

export async function checkEntryEdit(s: Services, team: string, incident: Incident, entryAuthor: string | undefined, user: string): Promise<void> {
  const access = entryAuthor === user ? 'change' : 'lead';
  authorizeEntryEdit(incident, entryAuthor, await actorFor(s, team, incident, user, access), adminsText(s));
}
