import { z } from 'zod';
import { actionItemLabel, ActionItemKind, ActionItemState, type ActionItem } from '../domain/action-item.js';
import { incidentLabel, Roles, type Incident } from '../domain/incident.js';
import { KeyTime } from '../domain/key-times.js';
import { Severity } from '../domain/severity.js';
import { Status } from '../domain/status.js';
import { Change, compareEntries, PinnedMessage, TimelineKind, TimelineSource, type TimelineEntry } from '../domain/timeline.js';

/**
 * `/incident export`: the whole record as one JSON document teams can keep in git next to
 * their postmortems. Documented in docs/export-format.md; bump EXPORT_VERSION on any change
 * that is not purely additive. Instants are ISO 8601 in UTC, keys are in a fixed order and
 * entries oldest first, so two exports of the same record are byte-identical and diffs stay small.
 */

export const EXPORT_FORMAT = 'warroom.incident';
export const EXPORT_VERSION = 1;

const Instant = z.iso.datetime();

export const ExportedEntry = z.object({
  id: z.string(),
  at: Instant,
  recordedAt: Instant,
  kind: TimelineKind,
  text: z.string(),
  author: z.string().optional(),
  source: TimelineSource,
  change: Change.optional(),
  pin: PinnedMessage.optional(),
  /** Earlier versions kept by `/incident timeline edit|move` (instants as ISO 8601). */
  history: z.array(z.object({ text: z.string(), at: Instant, by: z.string(), replacedAt: Instant })).optional(),
  /** Struck by `/incident timeline delete`. */
  deleted: z.object({ by: z.string(), at: Instant }).optional(),
});
export type ExportedEntry = z.infer<typeof ExportedEntry>;

export const ExportedAction = z.object({
  id: z.string().regex(/^A\d+$/),
  text: z.string(),
  kind: ActionItemKind,
  owner: z.string().optional(),
  due: z.iso.date().optional(),
  state: ActionItemState,
  createdBy: z.string(),
  createdAt: Instant,
  updatedAt: Instant,
  doneAt: Instant.optional(),
});
export type ExportedAction = z.infer<typeof ExportedAction>;

export const IncidentExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: Instant,
  incident: z.object({
    id: z.string(),
    team: z.string(),
    number: z.number().int().positive(),
    title: z.string(),
    severity: Severity,
    status: Status,
    private: z.boolean(),
    timeZone: z.string(),
    summary: z.string().optional(),
    impact: z.string().optional(),
    cause: z.string().optional(),
    resolution: z.string().optional(),
    roles: Roles,
    declaredBy: z.string(),
    participants: z.array(z.string()),
    channel: z.string().optional(),
    postmortemVersion: z.number().int().min(0),
  }),
  keyTimes: z.partialRecord(KeyTime, Instant),
  timeline: z.array(ExportedEntry),
  actions: z.array(ExportedAction),
});
export type IncidentExport = z.infer<typeof IncidentExport>;

const iso = (ms: number): string => new Date(ms).toISOString();

function only<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function exportEntry(e: TimelineEntry): ExportedEntry {
  return only({
    id: e.id,
    at: iso(e.at),
    recordedAt: iso(e.recordedAt),
    kind: e.kind,
    text: e.text,
    author: e.author,
    source: e.source,
    change: e.change,
    pin: e.pin,
    history: e.history?.map((v) => ({ text: v.text, at: iso(v.at), by: v.by, replacedAt: iso(v.replacedAt) })),
    deleted: e.deleted ? { by: e.deleted.by, at: iso(e.deleted.at) } : undefined,
  });
}

function exportAction(a: ActionItem): ExportedAction {
  return only({
    id: actionItemLabel(a.id),
    text: a.text,
    kind: a.kind,
    owner: a.owner,
    due: a.due,
    state: a.state,
    createdBy: a.createdBy,
    createdAt: iso(a.createdAt),
    updatedAt: iso(a.updatedAt),
    doneAt: a.doneAt !== undefined ? iso(a.doneAt) : undefined,
  });
}

export function buildExport(incident: Incident, entries: readonly TimelineEntry[], actions: readonly ActionItem[], now: number): IncidentExport {
  const keyTimes: Partial<Record<KeyTime, string>> = {};
  for (const key of KeyTime.options) {
    const at = incident.keyTimes[key];
    if (at !== undefined) keyTimes[key] = iso(at);
  }
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: iso(now),
    incident: only({
      id: incidentLabel(incident),
      team: incident.teamId,
      number: incident.number,
      title: incident.title,
      severity: incident.severity,
      status: incident.status,
      private: incident.private,
      timeZone: incident.timeZone,
      summary: incident.summary,
      impact: incident.impact,
      cause: incident.cause,
      resolution: incident.resolution,
      roles: only({ commander: incident.roles.commander, comms: incident.roles.comms, scribe: incident.roles.scribe }),
      declaredBy: incident.declaredBy,
      participants: incident.participants,
      channel: incident.setup.channelId,
      postmortemVersion: incident.postmortemVersion ?? 0,
    }),
    keyTimes,
    timeline: [...entries].sort(compareEntries).map(exportEntry),
    actions: [...actions].sort((a, b) => a.id - b.id).map(exportAction),
  };
}

export function exportFileName(incident: Pick<Incident, 'number'>): string {
  return `${incidentLabel(incident)}-record.json`;
}

export function renderExport(e: IncidentExport): string {
  return `${JSON.stringify(e, null, 2)}\n`;
}
