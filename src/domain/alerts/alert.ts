import { z } from 'zod';

/**
 * One alert as warroom keeps it, whatever sent it. Every format (Alertmanager, Grafana,
 * Datadog, the generic JSON) is turned into this before any rule sees it.
 */
export const AlertStatus = z.enum(['firing', 'resolved']);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const Labels = z.record(z.string(), z.string());
export type Labels = z.infer<typeof Labels>;

export const NormalizedAlert = z.object({
  /** Stable identity of the alert across its fire and resolve notifications. */
  fingerprint: z.string().min(1).max(200),
  status: AlertStatus,
  title: z.string().min(1).max(500),
  /** The sender's severity word when it has one (`critical`, `P1`, `sev2`); rules decide what it means. */
  severity: z.string().max(50).optional(),
  labels: Labels,
  annotations: Labels,
  /** Link back to the alert in its source (graph, rule, monitor); only http(s). */
  url: z.string().optional(),
  /** When it started and (for resolved) ended, epoch ms, when the sender says. */
  startsAt: z.number().int().optional(),
  endsAt: z.number().int().optional(),
});
export type NormalizedAlert = z.infer<typeof NormalizedAlert>;

/** A link is kept only when Slack can show it as a link and nothing else (no spaces, `<`, `>` or `|`). */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  return /^https?:\/\/[^\s<>|]+$/.test(url) && url.length <= 2_000 ? url : undefined;
}

/** Alertmanager's "no end time" is year 1; anything before 1971 means "not set". */
export function parseTime(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'number' ? (value < 1e12 ? value * 1000 : value) : Date.parse(value);
  return Number.isFinite(ms) && ms > 31_536_000_000 ? ms : undefined;
}
