import { StateError, UsageError } from './errors.js';
import { makeEntry, type EntryIds } from './entries.js';
import type { EscalationState, UpdateReminder } from './escalation-state.js';
import { escalationOf } from './escalation.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import type { Severity } from './severity.js';
import { isActive } from './status.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

/**
 * Status-update reminders, pure. While an incident is active one reminder is armed: due one
 * severity interval after the last update (or the declaration). Posting an update, snoozing
 * or a reminder firing re-arms it with a new `seq`, so the job id of a superseded reminder
 * is never reused and a late one can tell it is stale.
 */

export const SNOOZE_MS = 30 * 60_000;
export const MAX_UPDATE = 3000;

export interface ReminderTimer {
  seq: number;
  at: number;
}

export interface StatusReminderOutcome {
  incident: Incident;
  entries: TimelineEntry[];
  arm?: ReminderTimer;
  cancel?: ReminderTimer;
}

export function updateIntervalMs(intervals: Record<Severity, number>, severity: Severity): number {
  return Math.round(intervals[severity] * 60_000);
}

function withReminder(incident: Incident, state: EscalationState, reminder: UpdateReminder | undefined, now: number): Incident {
  const { reminder: _old, ...rest } = state;
  return { ...incident, escalation: reminder ? { ...rest, reminder } : rest, updatedAt: now };
}

/** Arms the next reminder at `due`, replacing any armed one. */
export function rearmStatusReminder(incident: Incident, due: number, now: number): StatusReminderOutcome {
  const state = escalationOf(incident);
  const old = state.reminder;
  const reminder: UpdateReminder = { seq: old ? old.seq + 1 : 0, due };
  return {
    incident: withReminder(incident, state, reminder, now),
    entries: [],
    arm: { seq: reminder.seq, at: due },
    ...(old ? { cancel: { seq: old.seq, at: old.due } } : {}),
  };
}

/** Resolved or closed: no more reminders. */
export function stopReminder(incident: Incident, now: number): StatusReminderOutcome {
  const state = incident.escalation;
  const old = state?.reminder;
  if (!state || !old) return { incident, entries: [] };
  return { incident: withReminder(incident, state, undefined, now), entries: [], cancel: { seq: old.seq, at: old.due } };
}

/** `/incident update <text>`: recorded, `lastUpdateAt` moves, the reminder starts over. */
export function postUpdate(
  incident: Incident,
  input: { text: string; by: string; source: TimelineSource; now: number; ids: EntryIds; intervalMs: number },
): StatusReminderOutcome {
  if (incident.status === 'closed') throw new StateError(`${incidentLabel(incident)} is closed; reopen it to post updates.`);
  const text = input.text.trim();
  if (text === '') throw new UsageError('Write the update, e.g. `/incident update Rolled back the config; error rate is falling.`');
  if (text.length > MAX_UPDATE) throw new UsageError(`An update can be at most ${MAX_UPDATE.toLocaleString('en-US')} characters.`);
  const entry = makeEntry({ kind: 'update', at: input.now, now: input.now, ids: input.ids, text, author: input.by, source: input.source });
  const updated = addParticipant({ ...incident, lastUpdateAt: input.now, updatedAt: input.now }, input.by);
  if (!isActive(incident.status)) {
    const stopped = stopReminder(updated, input.now);
    return { ...stopped, entries: [entry] };
  }
  return { ...rearmStatusReminder(updated, input.now + input.intervalMs, input.now), entries: [entry] };
}

/** Snooze 30 min: the reminder comes back later unless an update is posted first. */
export function snoozeReminder(incident: Incident, input: { now: number; ms?: number }): StatusReminderOutcome {
  if (!isActive(incident.status)) throw new StateError(`${incidentLabel(incident)} is no longer active; there is nothing to snooze.`);
  return rearmStatusReminder(incident, input.now + (input.ms ?? SNOOZE_MS), input.now);
}

/**
 * A reminder job fired. Undefined when it is stale (an update was posted, it was snoozed, the
 * incident was resolved); otherwise the next one is armed one interval later, so a silent
 * incident keeps being reminded rather than once.
 */
export function reminderDue(incident: Incident, seq: number, now: number, intervalMs: number): StatusReminderOutcome | undefined {
  const reminder = incident.escalation?.reminder;
  if (!reminder || reminder.seq !== seq || !isActive(incident.status)) return undefined;
  return rearmStatusReminder(incident, now + intervalMs, now);
}

/** Minutes since the last update (or the declaration) for the reminder text. */
export function sinceLastUpdate(incident: Incident, now: number): number {
  const from = incident.lastUpdateAt ?? incident.keyTimes.declared ?? incident.createdAt;
  return Math.max(0, now - from);
}
