import { acknowledge } from '../domain/acknowledgement.js';
import {
  choosePolicy,
  escalate,
  startPaging,
  stopEscalation,
  type EscalateTarget,
  type EscalationOutcome,
} from '../domain/escalation.js';
import type { Page } from '../domain/escalation-state.js';
import type { Incident } from '../domain/incident.js';
import { isActive } from '../domain/status.js';
import { rearmStatusReminder, stopReminder, updateIntervalMs, type StatusReminderOutcome } from '../domain/status-updates.js';
import type { TimelineSource } from '../domain/timeline.js';
import { applyEscalation, applyStatusReminder } from './escalation-timers.js';
import type { Services } from './context.js';
import type { AfterReply } from './after-reply.js';
import { applyRule } from './apply.js';
import { markPageAcknowledged } from './paging.js';
import { acknowledgeInPagerDutyToo } from './pagerduty-events.js';
import { choosePageToAck } from '../domain/permissions.js';
import { groupMembersOf, inIncidentChannel, isAdmin } from './permissions.js';

/**
 * The Slack-side flows of escalation: each runs a pure rule through the atomic store, then
 * turns the outcome's timers into jobs. Pages are delivered by the worker (DMs, invites,
 * channel announcement), so `web` only writes and enqueues.
 */

export function reminderInterval(s: Services, incident: Incident): number {
  return updateIntervalMs(incident.policy?.statusUpdateMinutes ?? s.settings.statusUpdates.intervalMinutes, incident.severity);
}

/** After declare: keep the policy (a snapshot was taken at declare, or the default now), page level 1, arm the update reminder. */
export async function startIncidentEscalation(s: Services, declared: Incident): Promise<void> {
  const { incident, changed, result } = await s.incidents.mutate(declared.teamId, declared.number, ({ incident: current }) => {
    // Already started (the hook ran twice): leave it.
    if (current.escalation) return { result: undefined };
    const now = s.now();
    const policy = current.policy ?? choosePolicy(s.settings.escalation);
    const paging = startPaging(current, policy, now, s.ids);
    const reminder = isActive(current.status) ? rearmStatusReminder(paging.incident, now + reminderInterval(s, current), now) : undefined;
    return { change: { incident: reminder?.incident ?? paging.incident, add: paging.entries }, result: { paging, reminder } };
  });
  if (!changed || !result) return;
  await applyEscalation(s, incident, result.paging);
  if (result.reminder) await applyStatusReminder(s, incident, result.reminder);
}

export async function escalateIncident(
  s: Services,
  team: string,
  n: number,
  { after: afterReply, ...input }: { target: EscalateTarget; reason?: string | undefined; by: string; source: TimelineSource; after?: AfterReply | undefined },
): Promise<{ incident: Incident; outcome: EscalationOutcome }> {
  // The worker announces the step in the channel with the page, so no echo here.
  const { after, outcome } = await applyRule(s, team, n, (incident) => escalate(incident, { ...input, now: s.now(), ids: s.ids }), { echo: false, after: afterReply });
  await applyEscalation(s, after, outcome);
  return { incident: after, outcome };
}

/**
 * The paged person, or anyone in a paged group, acknowledges; anyone else in the channel may
 * take the page over by naming who it went to (`takeOverFrom`), and the entry says so.
 */
export async function acknowledgePage(
  s: Services,
  team: string,
  n: number,
  { after: afterReply, ...input }: { user: string; page?: number | undefined; source: TimelineSource; takeOverFrom?: string | undefined; after?: AfterReply | undefined },
): Promise<{ incident: Incident; page: Page }> {
  const seen = (await s.incidents.load(team, n))?.incident;
  const seenPages = seen?.escalation?.pages ?? [];
  const groupMembers = await groupMembersOf(s, team, seenPages.flatMap((p) => p.groups ?? []));
  const actor = {
    user: input.user,
    inChannel: input.takeOverFrom !== undefined && seen ? await inIncidentChannel(s, team, seen, input.user) : false,
    admin: await isAdmin(s, team, input.user),
  };
  const { after, outcome } = await applyRule(
    s,
    team,
    n,
    (incident) => {
      const pages = incident.escalation?.pages ?? [];
      const page = pages.length > 0 ? choosePageToAck(incident, pages, { actor, takeOverFrom: input.takeOverFrom, page: input.page, groupMembers }) : input.page;
      return acknowledge(incident, { ...input, page, now: s.now(), ids: s.ids });
    },
    { after: afterReply },
  );
  await applyEscalation(s, after, { entries: [], ...(outcome.cancel ? { cancel: outcome.cancel } : {}) });
  await markPageAcknowledged(s, after, outcome.acked, outcome.index);
  await acknowledgeInPagerDutyToo(s, after);
  return { incident: after, page: outcome.acked };
}

/** Resolved or closed: every escalation and reminder stops. Reopened: the reminder comes back. */
export async function onIncidentStatusChanged(s: Services, before: Incident, after: Incident): Promise<void> {
  const stop = !isActive(after.status);
  const restart = isActive(after.status) && !isActive(before.status);
  if (!stop && !restart) return;
  const { incident, changed, result } = await s.incidents.mutate(after.teamId, after.number, ({ incident: current }) => {
    const now = s.now();
    let esc: EscalationOutcome | undefined;
    let rem: StatusReminderOutcome;
    if (!isActive(current.status)) {
      esc = stopEscalation(current, now);
      rem = stopReminder(esc.incident, now);
    } else if (!current.escalation?.reminder) {
      rem = rearmStatusReminder(current, now + reminderInterval(s, current), now);
    } else {
      return { result: undefined };
    }
    if (!esc?.cancel && !rem.cancel && !rem.arm) return { result: undefined };
    return { change: { incident: rem.incident }, result: { esc, rem } };
  });
  if (!changed || !result) return;
  if (result.esc) await applyEscalation(s, incident, result.esc);
  await applyStatusReminder(s, incident, result.rem);
}
