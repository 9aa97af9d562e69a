import { NotFoundError, StateError, UsageError } from './errors.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { type EscalationLevel, type EscalationState, type Page, type PolicySnapshot } from './escalation-state.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import type { Severity } from './severity.js';
import { isActive, statusLabel } from './status.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

export { choosePolicy, matchLevel, type PolicyChoice } from './escalation-policy.js';

/**
 * Escalation rules, pure. Every rule returns the new incident, the timeline entries, and
 * which timer to arm or cancel; the job layer turns those into BullMQ delayed jobs whose
 * ids come from (level, attempt). `attempt` counts earlier pages of the same level in this
 * incident, so a (level, attempt) pair is armed at most once and a late or repeated job
 * can always tell that the state has moved on.
 *
 * Without a configured policy nothing is paged automatically; `/incident escalate @person`
 * (or a user group) still pages, and acknowledging works the same.
 */

export interface EscalationTimer {
  level: number;
  attempt: number;
  /** Deadline, epoch ms. */
  at: number;
}

export interface EscalationOutcome {
  incident: Incident;
  entries: TimelineEntry[];
  arm?: EscalationTimer;
  cancel?: EscalationTimer;
  /** Index (in `escalation.pages`) of a new page to deliver: DMs, invites, channel announcement. */
  page?: number;
  /** The bot ran out of levels or re-pages: the commander is told in the channel. */
  remindCommander?: boolean;
}

export function initialEscalation(): EscalationState {
  return { level: -1, attempt: 0, pages: [], stopped: false };
}

export function escalationOf(incident: Incident): EscalationState {
  return incident.escalation ?? initialEscalation();
}

export function ackTimeoutMs(level: EscalationLevel, severity: Severity): number {
  return Math.round(level.ackTimeoutMinutes[severity] * 60_000);
}

/** The timer the state says is armed, if any. */
export function armedTimer(state: EscalationState): EscalationTimer | undefined {
  return state.deadline !== undefined && state.level >= 0 ? { level: state.level, attempt: state.attempt, at: state.deadline } : undefined;
}

/** '5 minutes', '30 seconds': short enough for a timeline line, exact for test-sized timeouts. */
export function waitText(ms: number): string {
  if (ms < 60_000) {
    const s = Math.max(1, Math.round(ms / 1000));
    return `${s} second${s === 1 ? '' : 's'}`;
  }
  const m = Math.round(ms / 60_000);
  if (m < 120 || m % 60 !== 0) return `${m} minute${m === 1 ? '' : 's'}`;
  return `${m / 60} hours`;
}

function targetsText(users: readonly string[], groups: readonly string[], pagerduty = 0): string {
  const pd = pagerduty === 0 ? [] : [pagerduty === 1 ? 'a PagerDuty service' : `${pagerduty} PagerDuty services`];
  return [...users.map(mention), ...groups.map((g) => `user group ${g}`), ...pd].join(', ');
}

export function refuseUnlessActive(incident: Incident, what: string): void {
  if (!isActive(incident.status)) {
    throw new StateError(`${incidentLabel(incident)} is ${statusLabel(incident.status).toLowerCase()}; ${what}`);
  }
}

interface PageInput {
  kind: 'page' | 'escalation';
  text: (name: string, targets: string) => string;
  by?: string | undefined;
  reason?: string | undefined;
  auto: boolean;
  source: TimelineSource;
  now: number;
  ids: EntryIds;
}

/** Pages one level of the incident's policy and arms its acknowledgement timer. */
function pageLevel(incident: Incident, policy: PolicySnapshot, index: number, input: PageInput): EscalationOutcome {
  const level = policy.levels[index];
  if (!level) throw new NotFoundError(`The policy ${policy.name} has no level ${index + 1}.`);
  const state = escalationOf(incident);
  const users = level.targets.filter((t) => t.type === 'user').map((t) => t.id);
  const groups = level.targets.filter((t) => t.type === 'usergroup').map((t) => t.id);
  const pagerduty = level.targets.filter((t) => t.type === 'pagerduty').map((t) => t.id);
  const attempt = state.pages.filter((p) => p.level === index).length;
  const deadline = input.now + ackTimeoutMs(level, incident.severity);
  const entry = makeEntry({
    kind: input.kind,
    at: input.now,
    now: input.now,
    ids: input.ids,
    text: input.text(level.name, targetsText(users, groups, pagerduty.length)),
    author: input.by,
    source: input.source,
    change: { field: 'paged', ...(state.level >= 0 ? { from: policy.levels[state.level]?.name ?? '' } : {}), to: level.name },
  });
  const page: Page = {
    level: index,
    attempt,
    at: input.now,
    users,
    ...(groups.length ? { groups } : {}),
    ...(pagerduty.length ? { pagerduty } : {}),
    name: level.name,
    auto: input.auto,
    entry: entry.id,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.by ? { by: input.by } : {}),
  };
  const cancel = armedTimer(state);
  const next: EscalationState = { ...state, level: index, attempt, deadline, pages: [...state.pages, page], stopped: false };
  let updated: Incident = { ...incident, policy, escalation: next, updatedAt: input.now };
  for (const u of users) updated = addParticipant(updated, u);
  if (input.by) updated = addParticipant(updated, input.by);
  return {
    incident: updated,
    entries: [entry],
    arm: { level: index, attempt, at: deadline },
    ...(cancel ? { cancel } : {}),
    page: next.pages.length - 1,
  };
}

/** At declare: keep the policy and page its first level. No policy: nothing is paged. */
export function startPaging(incident: Incident, policy: PolicySnapshot | undefined, now: number, ids: EntryIds): EscalationOutcome {
  const withState: Incident = { ...incident, escalation: incident.escalation ?? initialEscalation(), ...(policy ? { policy } : {}) };
  if (!policy || escalationOf(incident).pages.length > 0) return { incident: withState, entries: [] };
  return pageLevel(withState, policy, 0, {
    kind: 'page',
    text: (name, targets) => `Paged ${name}${targets ? ` (${targets})` : ''}`,
    auto: true,
    source: 'system',
    now,
    ids,
  });
}

export type EscalateTarget =
  | { kind: 'next' }
  | { kind: 'level'; index: number }
  | { kind: 'user'; id: string }
  | { kind: 'group'; id: string };

/** `/incident escalate`: the next level, a named level, or a person or group outside the policy. */
export function escalate(
  incident: Incident,
  input: { target: EscalateTarget; reason?: string | undefined; by: string; source: TimelineSource; now: number; ids: EntryIds },
): EscalationOutcome {
  refuseUnlessActive(incident, 'reopen it before paging anyone.');
  const why = input.reason ? `: ${input.reason}` : '';
  if (input.target.kind === 'user' || input.target.kind === 'group') {
    const state = escalationOf(incident);
    const users = input.target.kind === 'user' ? [input.target.id] : [];
    const groups = input.target.kind === 'group' ? [input.target.id] : [];
    const targets = targetsText(users, groups);
    const entry = makeEntry({
      kind: 'escalation',
      at: input.now,
      now: input.now,
      ids: input.ids,
      text: `Escalated to ${targets}${why}`,
      author: input.by,
      source: input.source,
      change: { field: 'paged', to: input.target.id },
    });
    const page: Page = {
      level: -1,
      attempt: state.pages.filter((p) => p.level === -1).length,
      at: input.now,
      users,
      ...(groups.length ? { groups } : {}),
      auto: false,
      entry: entry.id,
      by: input.by,
      ...(input.reason ? { reason: input.reason } : {}),
    };
    // A named person is paged on top of the policy: the policy's own timer keeps running.
    let updated: Incident = { ...incident, escalation: { ...state, pages: [...state.pages, page] }, updatedAt: input.now };
    for (const u of [...users, input.by]) updated = addParticipant(updated, u);
    return { incident: updated, entries: [entry], page: state.pages.length };
  }
  const policy = incident.policy;
  if (!policy) {
    throw new UsageError('This incident has no escalation policy, so there is no next level. Name who to page instead, e.g. `/incident escalate @ana the DB is down`.');
  }
  const state = escalationOf(incident);
  const last = policy.levels.length - 1;
  const index = input.target.kind === 'level' ? input.target.index : Math.min(state.level + 1, last);
  const again = state.pages.some((p) => p.level === index);
  return pageLevel(incident, policy, index, {
    kind: 'escalation',
    text: (name, targets) => `Escalated to ${name}${again ? ' again' : ''}${targets ? ` (${targets})` : ''}${why}`,
    by: input.by,
    reason: input.reason,
    auto: false,
    source: input.source,
    now: input.now,
    ids: input.ids,
  });
}

/**
 * A timer fired. Undefined when the state has moved on (acknowledged, resolved, escalated by
 * hand, a duplicate or late job): the caller must then do nothing.
 */
export function escalateOnTimeout(incident: Incident, timer: { level: number; attempt: number }, now: number, ids: EntryIds): EscalationOutcome | undefined {
  const state = incident.escalation;
  const policy = incident.policy;
  if (!state || !policy || state.stopped || !isActive(incident.status)) return undefined;
  if (state.deadline === undefined || state.level !== timer.level || state.attempt !== timer.attempt) return undefined;
  const level = policy.levels[timer.level];
  if (!level) return undefined;
  const waited = waitText(ackTimeoutMs(level, incident.severity));
  const last = policy.levels.length - 1;
  // The timer that fired is the armed one: nothing to cancel.
  if (timer.level < last) {
    const { cancel: _fired, ...out } = pageLevel(incident, policy, timer.level + 1, {
      kind: 'escalation',
      text: (name, targets) => `Escalated to ${name}${targets ? ` (${targets})` : ''}: nobody acknowledged ${level.name} within ${waited}`,
      auto: true,
      source: 'system',
      now,
      ids,
    });
    return out;
  }
  // `attempt` counts earlier pages of this level, so it is also the number of re-pages so far.
  if (timer.attempt < policy.repeatLast) {
    const { cancel: _fired, ...out } = pageLevel(incident, policy, timer.level, {
      kind: 'page',
      text: (name, targets) =>
        `Paged ${name} again (re-page ${timer.attempt + 1} of ${policy.repeatLast})${targets ? ` (${targets})` : ''}: nobody acknowledged within ${waited}`,
      auto: true,
      source: 'system',
      now,
      ids,
    });
    return { ...out, remindCommander: true };
  }
  const entry = makeEntry({
    kind: 'escalation',
    at: now,
    ids,
    now,
    text: `Nobody acknowledged ${level.name} after ${timer.attempt + 1} page${timer.attempt === 0 ? '' : 's'}; automatic escalation stopped. Page someone by name with \`/incident escalate @person\``,
    source: 'system',
    change: { field: 'escalation', from: level.name, to: 'exhausted' },
  });
  return {
    incident: { ...incident, escalation: { ...state, deadline: undefined }, updatedAt: now },
    entries: [entry],
    remindCommander: true,
  };
}

/** Resolved or closed: nothing more is paged automatically. No entry: the status change says why. */
export function stopEscalation(incident: Incident, now: number): EscalationOutcome {
  const state = incident.escalation;
  if (!state || (state.stopped && state.deadline === undefined)) return { incident, entries: [] };
  const cancel = armedTimer(state);
  return { incident: { ...incident, escalation: { ...state, stopped: true, deadline: undefined }, updatedAt: now }, entries: [], ...(cancel ? { cancel } : {}) };
}

/** The level the automatic escalation goes to when the current timer runs out (undefined: re-page or stop). */
export function nextLevelName(incident: Incident): string | undefined {
  const state = incident.escalation;
  const policy = incident.policy;
  if (!state || !policy || state.level < 0) return undefined;
  return policy.levels[state.level + 1]?.name;
}
