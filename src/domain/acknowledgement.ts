import { NotFoundError, StateError } from './errors.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { armedTimer, escalationOf, refuseUnlessActive, type EscalationOutcome } from './escalation.js';
import { isAcked, type Page } from './escalation-state.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import { isActive } from './status.js';
import { formatClock } from './time-format.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

/**
 * Acknowledging a page, in Slack (the DM button, `/incident ack`) or in PagerDuty: a person has
 * it now, so the automatic escalation stops. Pure, like the escalation rules it ends.
 */

function whoAcked(page: Page, zone: string, user: string): string {
  const when = page.ackedAt !== undefined ? ` at ${formatClock(page.ackedAt, zone)}` : '';
  if (page.ackedInPagerDuty !== undefined) return `Already acknowledged in PagerDuty by ${page.ackedInPagerDuty}${when}.`;
  return page.ackedBy === user ? `You already acknowledged this page${when}.` : `Already acknowledged by ${mention(page.ackedBy ?? '')}${when}.`;
}

/**
 * Acknowledges for the acknowledger's level: the page given (a DM button), else the latest
 * unacknowledged page naming them, else the latest page. Any acknowledgement
 * stops the automatic escalation: a person has it now.
 */
export function acknowledge(
  incident: Incident,
  input: { user: string; page?: number | undefined; source: TimelineSource; now: number; ids: EntryIds; takeOverFrom?: string | undefined },
): EscalationOutcome & { acked: Page; index: number } {
  const state = escalationOf(incident);
  if (state.pages.length === 0) {
    throw new StateError(`Nobody has been paged for ${incidentLabel(incident)} yet; \`/incident escalate\` pages someone.`);
  }
  refuseUnlessActive(incident, 'there is nothing to acknowledge.');
  let index: number;
  if (input.page !== undefined) {
    if (!state.pages[input.page]) throw new NotFoundError(`That page of ${incidentLabel(incident)} no longer exists.`);
    index = input.page;
  } else {
    // Members of a paged user group are not known here; they acknowledge the latest page.
    const named = state.pages.map((p, i) => ({ p, i })).filter(({ p }) => p.users.includes(input.user));
    const pick = named.filter(({ p }) => !isAcked(p)).at(-1) ?? named.at(-1);
    index = pick ? pick.i : state.pages.length - 1;
  }
  const page = state.pages[index] as Page;
  if (isAcked(page)) throw new StateError(whoAcked(page, incident.timeZone, input.user));
  const acked: Page = { ...page, ackedBy: input.user, ackedAt: input.now };
  const { incident: withAck, entry, cancel } = withAcknowledged(incident, state, index, acked, {
    ...input,
    text: `Acknowledged by ${mention(input.user)}${page.name ? ` for ${page.name}` : ''}${input.takeOverFrom ? `, taking over from ${mention(input.takeOverFrom)}` : ''}`,
    author: input.user,
    to: input.user,
  });
  return { incident: addParticipant(withAck, input.user), entries: [entry], ...(cancel ? { cancel } : {}), acked, index };
}

/**
 * A page acknowledged (in Slack or in PagerDuty): it replaces its old self, the pending timer is
 * cancelled, and the incident's first acknowledgement becomes its key time.
 */
function withAcknowledged(
  incident: Incident,
  state: NonNullable<Incident['escalation']>,
  index: number,
  acked: Page,
  ack: { now: number; ids: EntryIds; text: string; author?: string; source: TimelineSource; to: string },
): { incident: Incident; entry: TimelineEntry; cancel: ReturnType<typeof armedTimer> } {
  const pages = state.pages.map((p, i) => (i === index ? acked : p));
  const keyTimes = incident.keyTimes.acknowledged === undefined ? { ...incident.keyTimes, acknowledged: ack.now } : incident.keyTimes;
  const entry = makeEntry({
    kind: 'ack',
    at: ack.now,
    now: ack.now,
    ids: ack.ids,
    text: ack.text,
    ...(ack.author ? { author: ack.author } : {}),
    source: ack.source,
    change: { field: 'ack', ...(acked.name ? { from: acked.name } : {}), to: ack.to },
  });
  return { incident: { ...incident, keyTimes, escalation: { ...state, pages, deadline: undefined }, updatedAt: ack.now }, entry, cancel: armedTimer(state) };
}

/**
 * Someone acknowledged in PagerDuty (its v3 webhook): the latest unacknowledged page of that
 * level stops the escalation as the Slack button does. Undefined when there is nothing left to
 * acknowledge (already acknowledged, resolved) it changes nothing, since PagerDuty may deliver a
 * webhook twice.
 */
export function acknowledgeInPagerDuty(
  incident: Incident,
  input: { name: string; level: number; now: number; ids: EntryIds },
): EscalationOutcome & { acked?: Page; index?: number } {
  const nothing = { incident, entries: [] };
  const state = incident.escalation;
  if (!state || !isActive(incident.status)) return nothing;
  const index = state.pages.findLastIndex((p) => p.level === input.level && (p.pagerduty?.length ?? 0) > 0);
  const page = state.pages[index];
  if (!page || isAcked(page)) return nothing;
  const acked: Page = { ...page, ackedInPagerDuty: input.name, ackedAt: input.now };
  const { incident: next, entry, cancel } = withAcknowledged(incident, state, index, acked, {
    ...input,
    text: `Acknowledged in PagerDuty by ${input.name}${page.name ? ` for ${page.name}` : ''}`,
    source: 'system',
    to: `pagerduty:${input.name}`,
  });
  return { incident: next, entries: [entry], ...(cancel ? { cancel } : {}), acked, index };
}
