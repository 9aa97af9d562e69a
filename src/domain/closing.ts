import { StateError } from './errors.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import { changeStatus, type Outcome } from './lifecycle.js';
import { isActive, statusLabel, type SettableStatus } from './status.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

/**
 * Closing ends the incident's life: nothing is paged or reminded after it, and the
 * postmortem is drafted. Only a resolved incident closes straight away; an active one
 * needs the person to confirm, because closing it also declares it resolved.
 */

interface By {
  by: string;
  source: TimelineSource;
  now: number;
  ids: EntryIds;
}

/** True when closing would also resolve the incident, so the person must confirm first. */
export function closeNeedsConfirmation(incident: Incident): boolean {
  refuseIfClosed(incident);
  return incident.status !== 'resolved';
}

function refuseIfClosed(incident: Incident): void {
  if (incident.status === 'closed') {
    throw new StateError(`${incidentLabel(incident)} is already closed. \`/incident postmortem\` drafts the postmortem again; \`/incident reopen\` reopens it.`);
  }
}

/**
 * resolved → closed. With `resolveNow`, an active incident is first resolved at this moment
 * (its own timeline entry, as if someone had typed `/incident status resolved`).
 * Each close starts a new postmortem version, so a redraft never collides with an earlier one.
 */
export function closeIncident(incident: Incident, input: By & { resolveNow: boolean }): Outcome {
  refuseIfClosed(incident);
  const entries: TimelineEntry[] = [];
  let current = incident;
  if (current.status !== 'resolved') {
    if (!input.resolveNow) {
      throw new StateError(`${incidentLabel(current)} is ${statusLabel(current.status)}, not resolved. Confirm to resolve it now and close it.`);
    }
    const resolved = changeStatus(current, { status: 'resolved', at: input.now, text: 'resolved when closing', by: input.by, source: input.source, now: input.now, ids: input.ids });
    current = resolved.incident;
    entries.push(...resolved.entries);
  }
  const closed = addParticipant(
    {
      ...current,
      status: 'closed',
      keyTimes: { ...current.keyTimes, closed: input.now },
      postmortemVersion: (current.postmortemVersion ?? 0) + 1,
      updatedAt: input.now,
    },
    input.by,
  );
  entries.push(
    makeEntry({
      kind: 'closed',
      at: input.now,
      // Recorded a millisecond after the resolve entry of the same moment, so it always sorts after it.
      now: input.now + entries.length,
      ids: input.ids,
      text: `Incident closed by ${mention(input.by)}`,
      author: input.by,
      source: input.source,
      change: { field: 'status', from: 'resolved', to: 'closed' },
    }),
  );
  return { incident: closed, entries };
}

/**
 * closed → an earlier status (investigating unless told otherwise). The closed time goes,
 * and so does the resolved time when the incident is active again, as with a status change.
 */
export function reopenIncident(incident: Incident, input: By & { status?: SettableStatus | undefined; reason?: string | undefined }): Outcome {
  if (incident.status !== 'closed') {
    throw new StateError(`${incidentLabel(incident)} is not closed (it is ${statusLabel(incident.status)}); \`/incident status\` changes its status.`);
  }
  const status = input.status ?? 'investigating';
  const keyTimes = { ...incident.keyTimes };
  delete keyTimes.closed;
  if (isActive(status)) delete keyTimes.resolved;
  const reason = input.reason?.trim();
  const next = addParticipant({ ...incident, status, statusAt: input.now, keyTimes, updatedAt: input.now }, input.by);
  return {
    incident: next,
    entries: [
      makeEntry({
        kind: 'reopened',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text: `Incident reopened by ${mention(input.by)} as ${statusLabel(status)}${reason ? `: ${reason}` : ''}`,
        author: input.by,
        source: input.source,
        change: { field: 'status', from: 'closed', to: status },
      }),
    ],
  };
}

/** `/incident postmortem` on demand: a later version, recorded, never the same one twice. */
export function requestPostmortem(incident: Incident, input: By): Outcome {
  const version = (incident.postmortemVersion ?? 0) + 1;
  return {
    incident: { ...incident, postmortemVersion: version, updatedAt: input.now },
    entries: [
      makeEntry({
        kind: 'postmortem',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text: `Postmortem draft v${version} requested by ${mention(input.by)}`,
        author: input.by,
        source: input.source,
        change: { field: 'postmortemVersion', ...(incident.postmortemVersion ? { from: String(incident.postmortemVersion) } : {}), to: String(version) },
      }),
    ],
  };
}
