import type { Declaration } from './declaration.js';
import { StateError } from './errors.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import type { KeyTime, SettableKeyTime } from './key-times.js';
import { ROLE_LABEL, type Role } from './roles.js';
import { severityLabel, severityRank, type Severity } from './severity.js';
import { isActive, statusLabel, type SettableStatus } from './status.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';
import { checkKeyTimeOrder, checkStatusOrder } from './time-order.js';

export interface Outcome {
  incident: Incident;
  entries: TimelineEntry[];
}

/** A declaration as the rule applies it: checked (domain/declaration.ts), numbered, with who and when. */
export type DeclareInput = Omit<Declaration, 'policy' | 'commander'> & {
  /** Absent: the declarer leads. `null`: nobody yet (an incident opened by an alert). */
  commander?: string | null | undefined;
  teamId: string;
  number: number;
  timeZone: string;
  declaredBy: string;
  source: TimelineSource;
  now: number;
  ids: EntryIds;
};

export function declare(input: DeclareInput): Outcome {
  const commander = input.commander === null ? undefined : (input.commander ?? input.declaredBy);
  const incident: Incident = {
    teamId: input.teamId,
    number: input.number,
    title: input.title,
    severity: input.severity,
    status: 'investigating',
    private: input.private,
    timeZone: input.timeZone,
    ...(input.impact ? { impact: input.impact } : {}),
    roles: commander ? { commander } : {},
    keyTimes: { declared: input.now },
    declaredBy: input.declaredBy,
    participants: [...new Set([input.declaredBy, ...(commander ? [commander] : [])])],
    setup: { invited: [], topicSet: false, cardPinned: false, complete: false },
    createdAt: input.now,
    updatedAt: input.now,
  };
  const entries = [
    makeEntry({
      kind: 'declared',
      at: input.now,
      now: input.now,
      ids: input.ids,
      text: `Incident declared by ${mention(input.declaredBy)}: ${severityLabel(input.severity)} ${input.title}`,
      author: input.declaredBy,
      source: input.source,
    }),
  ];
  if (commander && commander !== input.declaredBy) {
    entries.push(
      makeEntry({
        kind: 'role',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text: `${mention(commander)} is ${ROLE_LABEL.commander}`,
        author: input.declaredBy,
        source: input.source,
        change: { field: 'commander', to: commander },
      }),
    );
  }
  return { incident, entries };
}

function refuseIfClosed(incident: Incident): void {
  if (incident.status === 'closed') {
    throw new StateError(`${incidentLabel(incident)} is closed. Reopen it first with \`/incident reopen\`.`);
  }
}

/** Which key time a status marks the first time it is reached. */
const STATUS_KEY_TIME: Partial<Record<SettableStatus, KeyTime>> = {
  identified: 'identified',
  monitoring: 'mitigated',
  resolved: 'resolved',
};

export function changeStatus(
  incident: Incident,
  input: { status: SettableStatus; at: number; text?: string | undefined; by: string; source: TimelineSource; now: number; ids: EntryIds },
): Outcome {
  refuseIfClosed(incident);
  if (incident.status === input.status) {
    throw new StateError(`${incidentLabel(incident)} is already ${statusLabel(input.status)}.`);
  }
  checkStatusOrder(incident, input.status, input.at, incident.status === 'closed' ? undefined : STATUS_KEY_TIME[incident.status]);
  const keyTimes = { ...incident.keyTimes };
  const key = STATUS_KEY_TIME[input.status];
  if (key && (keyTimes[key] === undefined || input.status === 'resolved')) {
    // Only a back-dated change is checked against the key times: one made now is what happened
    // (a rollback often mitigates before the cause is identified), and refusing it would block the responder.
    if (input.at !== input.now) checkKeyTimeOrder(keyTimes, key, input.at, incident.timeZone);
    keyTimes[key] = input.at;
  }
  // Going back to an active status means it was not resolved after all.
  if (isActive(input.status)) delete keyTimes.resolved;
  const from = incident.status;
  const next = addParticipant({ ...incident, status: input.status, statusAt: input.at, keyTimes, updatedAt: input.now }, input.by);
  const text = `Status changed from ${statusLabel(from)} to ${statusLabel(input.status)}${input.text ? `: ${input.text}` : ''}`;
  return {
    incident: next,
    entries: [
      makeEntry({ kind: 'status', at: input.at, now: input.now, ids: input.ids, text, author: input.by, source: input.source, change: { field: 'status', from, to: input.status } }),
    ],
  };
}

export function changeSeverity(
  incident: Incident,
  input: { severity: Severity; reason?: string | undefined; by: string; source: TimelineSource; now: number; ids: EntryIds },
): Outcome {
  refuseIfClosed(incident);
  if (incident.severity === input.severity) {
    throw new StateError(`${incidentLabel(incident)} is already ${severityLabel(input.severity)}.`);
  }
  const verb = severityRank(input.severity) < severityRank(incident.severity) ? 'raised' : 'lowered';
  const text = `Severity ${verb} from ${severityLabel(incident.severity)} to ${severityLabel(input.severity)}${input.reason ? `: ${input.reason}` : ''}`;
  const next = addParticipant({ ...incident, severity: input.severity, updatedAt: input.now }, input.by);
  return {
    incident: next,
    entries: [
      makeEntry({
        kind: 'severity',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text,
        author: input.by,
        source: input.source,
        change: { field: 'severity', from: incident.severity, to: input.severity },
      }),
    ],
  };
}

export function assignRole(incident: Incident, input: { role: Role; user: string; by: string; source: TimelineSource; now: number; ids: EntryIds }): Outcome {
  refuseIfClosed(incident);
  const previous = incident.roles[input.role];
  if (previous === input.user) {
    throw new StateError(`${mention(input.user)} is already ${ROLE_LABEL[input.role]} of ${incidentLabel(incident)}.`);
  }
  const text = `${mention(input.user)} is now ${ROLE_LABEL[input.role]}${previous ? ` (was ${mention(previous)})` : ''}`;
  const next = addParticipant(addParticipant({ ...incident, roles: { ...incident.roles, [input.role]: input.user }, updatedAt: input.now }, input.user), input.by);
  return {
    incident: next,
    entries: [
      makeEntry({
        kind: 'role',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text,
        author: input.by,
        source: input.source,
        change: { field: input.role, ...(previous ? { from: previous } : {}), to: input.user },
      }),
    ],
  };
}

export const KEY_TIME_LABEL: Record<KeyTime, string> = {
  started: 'Impact started',
  detected: 'Detected',
  declared: 'Declared',
  acknowledged: 'Acknowledged',
  identified: 'Cause identified',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
};

export function setKeyTime(incident: Incident, input: { key: SettableKeyTime; at: number; by: string; source: TimelineSource; now: number; ids: EntryIds }): Outcome {
  checkKeyTimeOrder(incident.keyTimes, input.key, input.at, incident.timeZone);
  // Correcting the time of the current status (e.g. mitigated while Monitoring) moves the status change too.
  const movesStatus = incident.status !== 'closed' && STATUS_KEY_TIME[incident.status] === input.key;
  const next = addParticipant(
    { ...incident, keyTimes: { ...incident.keyTimes, [input.key]: input.at }, ...(movesStatus ? { statusAt: input.at } : {}), updatedAt: input.now },
    input.by,
  );
  return {
    incident: next,
    entries: [
      makeEntry({
        kind: 'time',
        at: input.at,
        now: input.now,
        ids: input.ids,
        text: `${KEY_TIME_LABEL[input.key]} time set`,
        author: input.by,
        source: input.source,
        change: { field: input.key, ...(incident.keyTimes[input.key] !== undefined ? { from: String(incident.keyTimes[input.key]) } : {}), to: String(input.at) },
      }),
    ],
  };
}

/** When the incident began for the purpose of reading times without a date. */
export function referenceTime(incident: Incident): number {
  return Math.min(...[incident.keyTimes.started, incident.keyTimes.detected, incident.keyTimes.declared ?? incident.createdAt].filter((t): t is number => t !== undefined));
}
