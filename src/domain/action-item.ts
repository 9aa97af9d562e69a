import { z } from 'zod';

export const ActionItemKind = z.enum(['corrective', 'preventive']);
export type ActionItemKind = z.infer<typeof ActionItemKind>;

export const ActionItemState = z.enum(['open', 'done', 'cancelled']);
export type ActionItemState = z.infer<typeof ActionItemState>;

export const ActionItem = z.object({
  /** Workspace-wide number, shown as `A12`, so `/incident action done A12` works from anywhere. */
  id: z.number().int().positive(),
  teamId: z.string(),
  incident: z.number().int().positive(),
  text: z.string().min(1),
  kind: ActionItemKind,
  owner: z.string().optional(),
  /** Calendar day it is due, in `timeZone` (YYYY-MM-DD). */
  due: z.iso.date().optional(),
  timeZone: z.string(),
  state: ActionItemState,
  createdBy: z.string(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  doneAt: z.number().int().optional(),
  snoozedUntil: z.number().int().optional(),
  /** The owner's zone (users.info) when assigned: reminders and digests come at their local hour. */
  ownerTimeZone: z.string().optional(),
  /** When the next reminder job fires (epoch ms); absent when there is nothing to chase. */
  remindAt: z.number().int().optional(),
  /** The reminder last acted on: `at` is its scheduled instant, so a late or repeated job can tell it is stale. */
  lastReminder: z.object({ at: z.number().int(), sentAt: z.number().int(), escalated: z.boolean() }).optional(),
  /** When the commander and the channel were told it is long overdue; they are told once. */
  escalatedAt: z.number().int().optional(),
  /** The snooze button press that set `snoozedUntil` (`<reminder at>/<days>`), so a double click acts once. */
  snoozeRequest: z.string().optional(),
});
export type ActionItem = z.infer<typeof ActionItem>;

export function actionItemLabel(id: number): string {
  return `A${id}`;
}

/** Accepts `A12`, `a12`, `#12` and `12`. */
export function parseActionItemId(word: string): number | undefined {
  const m = /^(?:a|#)?(\d{1,9})$/i.exec(word.trim());
  return m ? Number(m[1]) : undefined;
}
