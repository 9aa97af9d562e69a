import { z } from 'zod';
import { SEVERITIES } from './severity.js';

export const PageTarget = z.object(
  {
    /** `pagerduty`: the id is an Events API v2 routing key (integration key) of a PagerDuty service. */
    type: z.enum(['user', 'usergroup', 'pagerduty']),
    id: z.string(),
  },
  { error: 'must be a Slack user ID ("U0123ABCD"), a user group ID ("S0123ABCD") or { "pagerduty": "<routing key>" }, not a name or @handle' },
);
export type PageTarget = z.infer<typeof PageTarget>;

export const EscalationLevel = z.object({
  name: z.string().min(1),
  targets: z.array(PageTarget).min(1),
  /** Minutes to wait for an acknowledgement before the next level, per severity. */
  ackTimeoutMinutes: z.record(
    z.enum(SEVERITIES),
    z.number({ error: 'give the minutes to wait for each of sev1, sev2, sev3 and sev4' }).positive('must be more than 0 minutes (fractions are fine)'),
  ),
});
export type EscalationLevel = z.infer<typeof EscalationLevel>;

/** A copy of the policy taken when the incident is declared, so editing the config never rewrites history. */
export const PolicySnapshot = z.object({
  name: z.string(),
  levels: z.array(EscalationLevel).min(1),
  /** How many times the last level is paged again before the bot stops. */
  repeatLast: z.number().int().min(0),
  /** Minutes between status-update reminders under this policy, per severity; the file's `statusUpdates` when absent. */
  statusUpdateMinutes: z.record(z.enum(SEVERITIES), z.number().positive()).optional(),
});
export type PolicySnapshot = z.infer<typeof PolicySnapshot>;

export const Page = z.object({
  /** Index of the policy level paged; -1 for a person or group named in `/incident escalate`. */
  level: z.number().int().min(-1),
  attempt: z.number().int().min(0),
  at: z.number().int(),
  users: z.array(z.string()),
  /** User groups paged; their members are looked up when the page is delivered. */
  groups: z.array(z.string()).optional(),
  /** The level's name when the page was sent (the policy snapshot could be read too, but this survives ad-hoc pages). */
  name: z.string().optional(),
  /** True when the bot paged on its own (declare, timeout), false or absent when a person asked. */
  auto: z.boolean().optional(),
  /** Id of the timeline entry that records this page, so its channel announcement can be redone idempotently. */
  entry: z.string().optional(),
  reason: z.string().optional(),
  by: z.string().optional(),
  ackedBy: z.string().optional(),
  ackedAt: z.number().int().optional(),
  /** PagerDuty services (routing keys) paged with this page; never shown, they are secrets. */
  pagerduty: z.array(z.string()).optional(),
  /** Name of the PagerDuty user who acknowledged there (then `ackedBy` is empty: they may have no Slack account). */
  ackedInPagerDuty: z.string().optional(),
});
export type Page = z.infer<typeof Page>;

/** Acknowledged in Slack or in PagerDuty. */
export function isAcked(page: Page): boolean {
  return page.ackedBy !== undefined || page.ackedInPagerDuty !== undefined;
}

/** The next "post a status update" reminder; `seq` goes up on every re-arm so its job id is never reused. */
export const UpdateReminder = z.object({
  seq: z.number().int().min(0),
  due: z.number().int(),
});
export type UpdateReminder = z.infer<typeof UpdateReminder>;

export const EscalationState = z.object({
  /** Index of the level paged last; -1 before the first page. */
  level: z.number().int().min(-1),
  attempt: z.number().int().min(0),
  /** When the current timer fires (epoch ms); absent when nothing is armed. */
  deadline: z.number().int().optional(),
  pages: z.array(Page),
  stopped: z.boolean(),
  /** The status-update reminder armed for this incident, if any. */
  reminder: UpdateReminder.optional(),
});
export type EscalationState = z.infer<typeof EscalationState>;
