import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Severity } from '../severity.js';
import type { NormalizedAlert } from './alert.js';
import { AlertFormat } from './formats.js';

/**
 * A label matcher: an exact value, or `/regex/` matched against the whole value.
 * A label the alert lacks matches only `""` (as in Alertmanager's matchers).
 */
const Matcher = z.string().refine((v) => {
  if (!(v.length >= 2 && v.startsWith('/') && v.endsWith('/'))) return true;
  try {
    new RegExp(`^(?:${v.slice(1, -1)})$`);
    return true;
  } catch {
    return false;
  }
}, 'is not a valid /regular expression/');

export const AlertRule = z.object({
  /** Labels that must all match; no `match` matches every alert. */
  match: z.record(z.string(), Matcher).default({}),
  /**
   * declare: open an incident (or join the group's open one);
   * attach: join the group's open incident, else go to triage;
   * triage: ask in the triage channel; ignore: drop.
   */
  action: z.enum(['declare', 'attach', 'triage', 'ignore']),
  severity: Severity.optional(),
  /** Escalation policy by name; the default policy when absent. */
  policy: z.string().optional(),
  /** `{{title}}`, `{{labels.NAME}}`, `{{annotations.NAME}}`; the alert's own title when absent. */
  title: z.string().min(1).max(300).optional(),
  /** Labels whose values make the group key; alerts with the same values join one incident. */
  groupBy: z.array(z.string()).default(['alertname']),
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertRoute = z
  .object({
    /** The `<route>` in POST /alerts/<route>. */
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be lowercase letters, digits, - or _ (it is part of the URL)'),
    format: AlertFormat,
    /** Sent as `Authorization: Bearer <token>`. */
    token: z.string().min(16, 'must be at least 16 characters').optional(),
    /** Alertmanager can also send HTTP basic auth. */
    basicAuth: z.object({ username: z.string().min(1), password: z.string().min(16, 'must be at least 16 characters') }).optional(),
    rules: z.array(AlertRule).default([]),
    /** Alerts with the same group key this close together join one incident. */
    groupWindowMinutes: z.number().positive().default(60),
    /** Requests a minute this route accepts before answering 429. */
    rateLimitPerMinute: z.number().int().positive().default(600),
    /** Resolve the incident when every attached alert has resolved, instead of asking. */
    autoResolve: z.boolean().default(false),
  })
  .refine((r) => r.token !== undefined || r.basicAuth !== undefined, { message: 'needs a token or basicAuth', path: ['token'] });
export type AlertRoute = z.infer<typeof AlertRoute>;

function matches(pattern: string, value: string | undefined): boolean {
  if (pattern.length >= 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
    // Checked when the config was read; compiled per alert (microseconds) so nothing is kept between calls.
    return new RegExp(`^(?:${pattern.slice(1, -1)})$`).test(value ?? '');
  }
  return (value ?? '') === pattern;
}

/** The first rule whose matchers all hold, with its position (part of the group key). */
export function matchRule(rules: readonly AlertRule[], alert: NormalizedAlert): { rule: AlertRule; index: number } | undefined {
  for (const [index, rule] of rules.entries()) {
    if (Object.entries(rule.match).every(([label, pattern]) => matches(pattern, alert.labels[label]))) return { rule, index };
  }
  return undefined;
}

/** `{{ labels.service }} down` → `checkout down`; an unknown name becomes empty, never the raw braces. */
export function renderTitle(template: string | undefined, alert: NormalizedAlert): string {
  if (!template) return alert.title;
  const out = template
    .replace(/\{\{\s*(title|labels\.([\w.-]+)|annotations\.([\w.-]+))\s*\}\}/g, (_, whole: string, label?: string, ann?: string) => {
      if (whole === 'title') return alert.title;
      if (label !== undefined) return alert.labels[label] ?? '';
      return alert.annotations[ann ?? ''] ?? '';
    })
    .replace(/\s+/g, ' ')
    .trim();
  return (out || alert.title).slice(0, 300);
}

/**
 * Route and the groupBy label values, hashed so any label text fits a Redis key. The rule is not
 * part of it: a warning matched by an `attach` rule joins the incident a critical one declared.
 */
export function groupKey(route: string, groupBy: readonly string[], alert: NormalizedAlert): string {
  const parts = [route, ...groupBy.map((l) => `${l}=${alert.labels[l] ?? ''}`)];
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24);
}
