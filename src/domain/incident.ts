import { z } from 'zod';
import { Severity } from './severity.js';
import { Status } from './status.js';
import { KeyTimes } from './key-times.js';
import { EscalationState, PolicySnapshot } from './escalation-state.js';

/**
 * The setup paused for Slack's rate limit: it continues in a job at `until` (Unix ms), in the
 * place `slot` holds in the shared budget's line (store/slack-budget.ts) when it has one.
 */
export const SetupWaiting = z.object({
  step: z.string(),
  /** What it waits for: a method (`conversations.create`) or posting in a channel (`chat.postMessage:C123`). */
  kind: z.string(),
  until: z.number().int(),
  /** `budget`: the shared budget has no slot sooner; `slack`: Slack answered ratelimited with a Retry-After. */
  why: z.enum(['budget', 'slack']),
  slot: z.string().optional(),
});
export type SetupWaiting = z.infer<typeof SetupWaiting>;

/**
 * Declaring is several Slack calls; each finished step is saved, so a failure half-way
 * loses nothing and running the command again does only what is left.
 */
export const SetupProgress = z.object({
  channelId: z.string().optional(),
  channelName: z.string().optional(),
  invited: z.array(z.string()),
  topicSet: z.boolean(),
  cardTs: z.string().optional(),
  cardPinned: z.boolean(),
  announcedTs: z.string().optional(),
  complete: z.boolean(),
  lastError: z.string().optional(),
  waiting: SetupWaiting.optional(),
});
export type SetupProgress = z.infer<typeof SetupProgress>;

export const Roles = z.object({
  commander: z.string().optional(),
  comms: z.string().optional(),
  scribe: z.string().optional(),
});
export type Roles = z.infer<typeof Roles>;

export const Incident = z.object({
  teamId: z.string(),
  /** Sequential per workspace: INC-1, INC-2, … */
  number: z.number().int().positive(),
  title: z.string().min(1),
  severity: Severity,
  status: Status,
  /** When the current status was reached (a back-dated change may not go before it). */
  statusAt: z.number().int().optional(),
  private: z.boolean(),
  /** IANA zone every time of this incident is shown in. */
  timeZone: z.string(),
  impact: z.string().optional(),
  summary: z.string().optional(),
  cause: z.string().optional(),
  resolution: z.string().optional(),
  roles: Roles,
  keyTimes: KeyTimes,
  declaredBy: z.string(),
  /** Everyone who took part: declarer, role holders, paged responders, note authors. */
  participants: z.array(z.string()),
  setup: SetupProgress,
  policy: PolicySnapshot.optional(),
  escalation: EscalationState.optional(),
  /** Last status update posted with `/incident update` (epoch ms). */
  lastUpdateAt: z.number().int().optional(),
  postmortemVersion: z.number().int().min(0).optional(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Incident = z.infer<typeof Incident>;

export function incidentLabel(incident: Pick<Incident, 'number'>): string {
  return `INC-${incident.number}`;
}

/** Accepts `INC-12`, `inc-12`, `#12` and `12`. */
export function parseIncidentRef(word: string): number | undefined {
  const m = /^(?:inc-?|#)?(\d{1,9})$/i.exec(word.trim());
  return m ? Number(m[1]) : undefined;
}

export function addParticipant(incident: Incident, user: string | undefined): Incident {
  if (!user || incident.participants.includes(user)) return incident;
  return { ...incident, participants: [...incident.participants, user] };
}

/** A private incident (security, HR) is not named to people outside it. */
export function visibleTo(incident: Incident, user: string): boolean {
  return !incident.private || incident.participants.includes(user);
}
