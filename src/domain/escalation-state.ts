import { z } from 'zod';
import { SEVERITIES } from './severity.js';

export const PageTarget = z.object({
  type: z.enum(['user', 'usergroup']),
  id: z.string(),
});
export type PageTarget = z.infer<typeof PageTarget>;

export const EscalationLevel = z.object({
  name: z.string().min(1),
  targets: z.array(PageTarget).min(1),
  /** Minutes to wait for an acknowledgement before the next level, per severity. */
  ackTimeoutMinutes: z.record(z.enum(SEVERITIES), z.number().positive()),
});
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** A copy of the policy taken when the incident is declared, so editing the config never rewrites history. */
export const PolicySnapshot = z.object({
  name: z.string(),
  levels: z.array(EscalationLevel).min(1),
  /** How many times the last level is paged again before the bot stops. */
  repeatLast: z.number().int().min(0),
});
export type PolicySnapshot = z.infer<typeof PolicySnapshot>;

export const Page = z.object({
  level: z.number().int().min(0),
  attempt: z.number().int().min(0),
  at: z.number().int(),
  users: z.array(z.string()),
  reason: z.string().optional(),
  by: z.string().optional(),
  ackedBy: z.string().optional(),
  ackedAt: z.number().int().optional(),
});
export type Page = z.infer<typeof Page>;

export const EscalationState = z.object({
  /** Index of the level paged last; -1 before the first page. */
  level: z.number().int().min(-1),
  attempt: z.number().int().min(0),
  /** When the current timer fires (epoch ms); absent when nothing is armed. */
  deadline: z.number().int().optional(),
  pages: z.array(Page),
  stopped: z.boolean(),
});
export type EscalationState = z.infer<typeof EscalationState>;
