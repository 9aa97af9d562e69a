import { z } from 'zod';
import type { Incident } from './incident.js';
import { Severity } from './severity.js';
import { Status } from './status.js';
import { TimelineKind, type TimelineEntry } from './timeline.js';

/**
 * What warroom tells other systems (signed webhooks, README "Events out"). Each change recorded
 * on an incident's timeline is one event; its id is derived from the timeline entry, so a
 * change delivered twice has the same id and receivers can de-duplicate.
 */
export const WEBHOOK_EVENT_TYPES = [
  'incident.declared',
  'incident.status_changed',
  'incident.severity_changed',
  'incident.role_changed',
  'incident.escalated',
  'incident.page_acknowledged',
  'incident.alert_attached',
  'incident.alert_resolved',
  'incident.closed',
  'incident.reopened',
  'incident.postmortem_drafted',
  'action_item.created',
  'action_item.changed',
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

export const WebhookIncident = z
  .object({
    id: z.string().describe('INC-<number>, unique within the workspace'),
    number: z.number().int(),
    workspace: z.string().describe('Slack team id'),
    title: z.string().nullable().describe('null for a private incident'),
    severity: Severity,
    status: Status,
    private: z.boolean(),
    commander: z.string().nullable().describe('Slack user id of the incident commander'),
    channel: z.string().nullable().describe('Slack channel id of the incident channel'),
    declared_at: z.iso.datetime(),
  })
  .describe('The incident as it was right after the change');

export const WebhookChange = z.object({
  kind: TimelineKind,
  text: z.string().nullable().describe('The timeline line; null for a private incident'),
  at: z.iso.datetime().describe('When it happened (may be earlier than the delivery)'),
  author: z.string().nullable().describe('Slack user id of who made the change; null for the bot'),
  field: z.string().nullable().describe('What changed: status, severity, commander, A12.state, …'),
  from: z.string().nullable(),
  to: z.string().nullable(),
});

export const WebhookEvent = z.object({
  id: z.string().describe('Stable per change: the same change delivered again has the same id'),
  type: WebhookEventType,
  timestamp: z.iso.datetime().describe('When the change was recorded'),
  data: z.object({ incident: WebhookIncident, change: WebhookChange }),
});
export type WebhookEvent = z.infer<typeof WebhookEvent>;

/** Which event a timeline entry is, if any: notes, pins and field edits are not sent. */
export function eventTypeOf(entry: TimelineEntry): WebhookEventType | undefined {
  switch (entry.kind) {
    case 'declared':
      return 'incident.declared';
    case 'status':
      return 'incident.status_changed';
    case 'severity':
      return 'incident.severity_changed';
    case 'role':
      return 'incident.role_changed';
    case 'escalation':
    case 'page':
      return 'incident.escalated';
    case 'ack':
      return 'incident.page_acknowledged';
    case 'alert':
      return entry.text.startsWith('Alert resolved') ? 'incident.alert_resolved' : 'incident.alert_attached';
    case 'closed':
      return 'incident.closed';
    case 'reopened':
      return 'incident.reopened';
    case 'postmortem':
      return 'incident.postmortem_drafted';
    case 'action':
      return /^A\d+$/.test(entry.change?.field ?? '') ? 'action_item.created' : 'action_item.changed';
    default:
      return undefined;
  }
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The event for one recorded entry; a private incident's title and text are withheld. */
export function webhookEvent(incident: Incident, entry: TimelineEntry, type: WebhookEventType): WebhookEvent {
  const hidden = incident.private;
  return {
    id: `evt_${incident.teamId}_${incident.number}_${entry.id}`,
    type,
    timestamp: iso(entry.recordedAt),
    data: {
      incident: {
        id: `INC-${incident.number}`,
        number: incident.number,
        workspace: incident.teamId,
        title: hidden ? null : incident.title,
        severity: incident.severity,
        status: incident.status,
        private: incident.private,
        commander: incident.roles.commander ?? null,
        channel: incident.setup.channelId ?? null,
        declared_at: iso(incident.keyTimes.declared ?? incident.createdAt),
      },
      change: {
        kind: entry.kind,
        text: hidden ? null : entry.text,
        at: iso(entry.at),
        author: entry.author ?? null,
        field: entry.change?.field ?? null,
        from: entry.change?.from ?? null,
        to: entry.change?.to ?? null,
      },
    },
  };
}
