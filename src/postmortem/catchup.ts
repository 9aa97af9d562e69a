import { actionItemLabel, type ActionItem } from '../domain/action-item.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { ROLE_LABEL, ROLES, type Role } from '../domain/roles.js';
import { severityLabel } from '../domain/severity.js';
import { isActive, type Status } from '../domain/status.js';
import { formatExactDuration } from '../domain/time-format.js';
import { compareEntries, type TimelineEntry } from '../domain/timeline.js';
import { zoneClock } from './clock.js';

/**
 * `/incident catchup`: what someone joining late needs, built only from the record. Every line
 * names the entry it comes from (E12, numbered as `/incident timeline` and the postmortem
 * number them), and what the record does not hold yet is said to be unknown, never guessed.
 * Peers summarise with a language model and warn it may be wrong; this is deterministic.
 */

export interface CatchupEntry {
  ref: string;
  when: string;
  kind: TimelineEntry['kind'];
  text: string;
  author?: string | undefined;
  permalink?: string | undefined;
}

export interface Catchup {
  label: string;
  title: string;
  channel?: string | undefined;
  status: Status;
  /** 'since 8:35 PM EAT' and the entry that set it. */
  statusSince?: CatchupEntry | undefined;
  severity: string;
  severitySince?: CatchupEntry | undefined;
  declared: string;
  /** '2 hours 5 minutes' since declared. */
  age: string;
  roles: Array<{ role: Role; label: string; user?: string | undefined }>;
  lastUpdate?: CatchupEntry | undefined;
  /** What happened, newest last: the most recent moments people recorded or the incident went through. */
  recent: CatchupEntry[];
  /** How many earlier such moments are not shown. */
  earlier: number;
  openActions: Array<{ label: string; text: string; owner?: string | undefined; due?: string | undefined }>;
  /** What the record does not say yet, each with the command that records it. */
  unknown: string[];
}

/** Moments worth telling a newcomer: what people wrote and how the incident changed, not bookkeeping. */
const TOLD: ReadonlySet<TimelineEntry['kind']> = new Set(['declared', 'note', 'pin', 'update', 'status', 'severity', 'role', 'escalation', 'page', 'ack', 'reopened', 'closed']);
export const RECENT_SHOWN = 8;

export function buildCatchup(input: { incident: Incident; entries: readonly TimelineEntry[]; actions: readonly ActionItem[]; now: number }): Catchup {
  const { incident } = input;
  const clock = zoneClock(incident.timeZone);
  const entries = [...input.entries].sort(compareEntries);
  const first = entries[0]?.at ?? incident.createdAt;
  const multiDay = clock.wall(first).date !== clock.wall(input.now).date;
  const when = (at: number): string => (multiDay ? clock.dayTime(at) : clock.clock(at));
  const view = (e: TimelineEntry, i: number): CatchupEntry => ({ ref: `E${i + 1}`, when: when(e.at), kind: e.kind, text: e.text, author: e.author, permalink: e.pin?.permalink });
  let statusSince: CatchupEntry | undefined;
  let severitySince: CatchupEntry | undefined;
  let lastUpdate: CatchupEntry | undefined;
  const told: Array<[TimelineEntry, number]> = [];
  entries.forEach((e, i) => {
    if (e.deleted) return;
    if (e.kind === 'declared' || ((e.kind === 'status' || e.kind === 'reopened' || e.kind === 'closed') && e.change?.field === 'status')) statusSince = view(e, i);
    if (e.kind === 'declared' || e.kind === 'severity') severitySince = view(e, i);
    if (e.kind === 'update') lastUpdate = view(e, i);
    if (TOLD.has(e.kind)) told.push([e, i]);
  });
  const recent = told.slice(-RECENT_SHOWN).map(([e, i]) => view(e, i));
  const declaredAt = incident.keyTimes.declared ?? incident.createdAt;
  const open = input.actions.filter((a) => a.incident === incident.number && a.state === 'open').sort((a, b) => a.id - b.id);
  return {
    label: incidentLabel(incident),
    title: incident.title,
    channel: incident.setup.channelId,
    status: incident.status,
    statusSince,
    severity: severityLabel(incident.severity),
    severitySince,
    declared: when(declaredAt),
    age: formatExactDuration(Math.max(0, input.now - declaredAt)),
    roles: ROLES.map((role) => ({ role, label: ROLE_LABEL[role], user: incident.roles[role] })),
    lastUpdate,
    recent,
    earlier: told.length - recent.length,
    openActions: open.map((a) => ({ label: actionItemLabel(a.id), text: a.text, owner: a.owner, due: a.due })),
    unknown: unknownOf(incident, entries, open),
  };
}

function unknownOf(incident: Incident, entries: readonly TimelineEntry[], open: readonly ActionItem[]): string[] {
  const out: string[] = [];
  const k = incident.keyTimes;
  const active = isActive(incident.status);
  if (!incident.roles.commander) out.push('Nobody is the incident commander: `/incident role commander @someone`.');
  if (incident.impact === undefined) out.push('Who is affected and how: `/incident impact <text>`.');
  if (k.started === undefined) out.push('When impact started: `/incident time started <time>`.');
  if (incident.cause === undefined) {
    out.push(k.identified === undefined ? 'The cause: not identified yet (`/incident status identified <what was found>`).' : 'The cause is identified but not written down: `/incident cause <text>`.');
  }
  if (active && k.mitigated === undefined) out.push('Whether impact is mitigated: not yet recorded (`/incident status monitoring`).');
  if (active && !entries.some((e) => e.kind === 'update')) out.push('No status update has been posted: `/incident update <text>`.');
  const unowned = open.filter((a) => !a.owner).map((a) => actionItemLabel(a.id));
  if (unowned.length) out.push(`Who owns ${unowned.join(', ')}: \`/incident action assign <A#> @someone\`.`);
  return out;
}
