import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { EscalationLevel, PageTarget } from '../domain/escalation-state.js';
import { SEVERITIES } from '../domain/severity.js';
import { AlertRoute } from '../domain/alerts/rules.js';
import { WebhookEventType } from '../domain/webhook-events.js';

/** `"U123"` pages a person, `"S123"` a user group, `{ "pagerduty": "<routing key>" }` a PagerDuty service; the object form is accepted too. */
const Target = z.preprocess((v) => {
  if (v && typeof v === 'object' && 'pagerduty' in v && typeof v.pagerduty === 'string') return { type: 'pagerduty', id: v.pagerduty };
  if (typeof v !== 'string') return v;
  if (/^[UW][A-Z0-9]+$/.test(v)) return { type: 'user', id: v };
  if (/^S[A-Z0-9]+$/.test(v)) return { type: 'usergroup', id: v };
  return v;
}, PageTarget);

const PerSeverityMinutes = z.record(z.enum(SEVERITIES), z.number().positive());

export const PolicyConfig = z.object({
  name: z.string().min(1),
  levels: z.array(EscalationLevel.extend({ targets: z.array(Target).min(1, 'a level needs at least one target') })).min(1, 'a policy needs at least one level'),
  repeatLast: z.number().int().min(0).default(2),
  /** A policy's own status-update cadence in minutes per severity (a major-incident policy may want 15); `statusUpdates` when absent. */
  statusUpdateMinutes: z.record(z.enum(SEVERITIES), z.number().positive()).optional(),
});
export type PolicyConfig = z.infer<typeof PolicyConfig>;

/** Each section's defaults are written once, on its fields: `prefault({})` runs an absent section through them. */
export const FileConfig = z
  .object({
    escalation: z
      .object({
        defaultPolicy: z.string().optional(),
        policies: z.array(PolicyConfig).default([]),
      })
      .prefault({}),
    statusUpdates: z
      .object({ intervalMinutes: PerSeverityMinutes.default({ sev1: 30, sev2: 60, sev3: 120, sev4: 240 }) })
      .prefault({}),
    actionItems: z
      .object({
        /** Local hour (0–23) of the daily digest and of due-day reminders, in each owner's time zone. */
        digestHour: z.number().int().min(0).max(23).default(9),
        /** ISO weekdays that count as working days (1 = Monday … 7 = Sunday). */
        workingDays: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2, 3, 4, 5]),
        /** Working days overdue before the commander and the channel are told. */
        escalateAfterWorkingDays: z.number().int().min(1).default(5),
      })
      .prefault({}),
    postmortem: z
      .object({
        /** Tries to deliver a postmortem draft (upload + messages) before saying in the channel that it failed. */
        deliveryAttempts: z.number().int().min(1).max(20).default(5),
        /** First retry delay; each next one doubles. */
        retryDelayMs: z.number().int().min(1).default(2_000),
      })
      .prefault({}),
    /** Alerts in: POST /alerts/<route> (README "Alerts in"). */
    alerts: z
      .object({
        /** Where alerts that need a person's call are posted with Declare / Attach / Ignore. */
        triageChannel: z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel ID such as C0123ABCD (not a #name)').optional(),
        routes: z.array(AlertRoute).default([]),
      })
      .prefault({}),
    /** Events out: every change as a signed webhook (README "Events out"). */
    webhooks: z
      .object({
        endpoints: z
          .array(
            z.object({
              name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, - or _'),
              url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
              /** Standard Webhooks secret: `whsec_` and base64 (at least 24 bytes). */
              secret: z.string().regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, 'must be whsec_ followed by at least 24 random bytes in base64'),
              events: z.array(z.union([WebhookEventType, z.literal('*')])).min(1).default(['*']),
            }),
          )
          .default([]),
        /** First retry after a failed delivery; each next one waits twice as long. */
        retryDelayMs: z.number().int().min(1).default(5_000),
        /** 15 tries from 5 s doubling: retried for about 23 hours. */
        attempts: z.number().int().min(1).max(30).default(15),
      })
      .prefault({}),
    permissions: z
      .object({
        /**
         * Who may close, reopen, change the severity and edit others' entries of any incident,
         * besides its commander and declarer: user ids ("U0123ABCD") and user group ids ("S0123ABCD").
         */
        admins: z.array(z.string().regex(/^[UWS][A-Z0-9]+$/, 'must be a Slack user ID ("U0123ABCD") or user group ID ("S0123ABCD"), not a name or @handle')).default([]),
      })
      .prefault({}),
  })
  .superRefine((cfg, ctx) => {
    const routes = cfg.alerts.routes.map((r) => r.name);
    const dupRoute = routes.find((n, i) => routes.indexOf(n) !== i);
    if (dupRoute) ctx.addIssue({ code: 'custom', path: ['alerts', 'routes'], message: `two alert routes are named "${dupRoute}"` });
    for (const [ri, route] of cfg.alerts.routes.entries()) {
      for (const [i, rule] of route.rules.entries()) {
        if (rule.policy && !cfg.escalation.policies.some((p) => p.name === rule.policy)) {
          ctx.addIssue({ code: 'custom', path: ['alerts', 'routes', ri, 'rules', i, 'policy'], message: `no policy is named "${rule.policy}"` });
        }
      }
    }
    const names = cfg.escalation.policies.map((p) => p.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: 'custom', path: ['escalation', 'policies'], message: `two policies are named "${dup}"` });
    const def = cfg.escalation.defaultPolicy;
    if (def && !names.includes(def)) ctx.addIssue({ code: 'custom', path: ['escalation', 'defaultPolicy'], message: `no policy is named "${def}"` });
  });
export type FileConfig = z.infer<typeof FileConfig>;

export class FileConfigError extends Error {}

/** Reads WARROOM_CONFIG; one line per mistake, each naming where in the file it is. */
export function loadFileConfig(path: string | undefined): FileConfig {
  if (!path) return FileConfig.parse({});
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FileConfigError(`WARROOM_CONFIG (${path}): ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = FileConfig.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${path} at ${i.path.join('.') || '(top)'}: ${i.message}`);
    throw new FileConfigError(`WARROOM_CONFIG has mistakes:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
