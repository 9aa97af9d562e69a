import { z } from 'zod';

/**
 * What kind of moment an entry records. People write `note`, `pin` and `update`;
 * everything else is recorded by the bot when the incident changes.
 */
export const TIMELINE_KINDS = [
  'declared', 'note', 'pin', 'update', 'status', 'severity', 'role', 'time', 'field',
  'escalation', 'page', 'ack', 'action', 'closed', 'reopened', 'postmortem', 'correction', 'alert',
] as const;
export const TimelineKind = z.enum(TIMELINE_KINDS);
export type TimelineKind = z.infer<typeof TimelineKind>;

/** Kinds a human wrote; the postmortem keeps the others visibly apart. */
export const HUMAN_KINDS: ReadonlySet<TimelineKind> = new Set(['note', 'pin', 'update']);

export const TimelineSource = z.enum(['command', 'modal', 'reaction', 'button', 'system', 'shortcut']);
export type TimelineSource = z.infer<typeof TimelineSource>;

/** A 📌'd Slack message: the entry follows the message when it is edited or deleted. */
export const PinnedMessage = z.object({
  channel: z.string(),
  ts: z.string(),
  author: z.string().optional(),
  permalink: z.string().optional(),
  /** Earlier texts, oldest first, kept when the message is edited. */
  history: z.array(z.string()).optional(),
  deleted: z.boolean().optional(),
  /** Said about the message when it was added ("Add to timeline" asks for a comment), oldest first. */
  comments: z.array(z.object({ by: z.string(), at: z.number().int(), text: z.string() })).optional(),
});
export type PinnedMessage = z.infer<typeof PinnedMessage>;

/** A structured change so the postmortem can count and cite it without parsing prose. */
export const Change = z.object({
  field: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
});
export type Change = z.infer<typeof Change>;

/** What an entry said, and when it was placed, before a correction replaced it. */
export const EntryVersion = z.object({
  text: z.string(),
  at: z.number().int(),
  /** Who made the correction that replaced this version, and when. */
  by: z.string(),
  replacedAt: z.number().int(),
});
export type EntryVersion = z.infer<typeof EntryVersion>;

export const TimelineEntry = z.object({
  id: z.string(),
  /** When it happened (epoch ms); may be back-dated. */
  at: z.number().int(),
  /** When the bot recorded it (epoch ms). */
  recordedAt: z.number().int(),
  kind: TimelineKind,
  text: z.string(),
  /** Slack user ID of whoever caused it; absent for the bot's own timers. */
  author: z.string().optional(),
  source: TimelineSource,
  pin: PinnedMessage.optional(),
  change: Change.optional(),
  /** Earlier versions, oldest first, kept when someone corrects the entry (`/incident timeline edit|move`). */
  history: z.array(EntryVersion).optional(),
  /** Struck from the timeline by `/incident timeline delete`; kept, shown in the full record. */
  deleted: z.object({ by: z.string(), at: z.number().int() }).optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** Oldest first; entries at the same moment keep the order they were recorded in. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  return a.at - b.at || a.recordedAt - b.recordedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
