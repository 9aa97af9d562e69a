import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AlertStatus, Labels, NormalizedAlert, parseTime, safeUrl } from './alert.js';

export const ALERT_FORMATS = ['alertmanager', 'grafana', 'datadog', 'generic'] as const;
export const AlertFormat = z.enum(ALERT_FORMATS);
export type AlertFormat = z.infer<typeof AlertFormat>;

/** Label and annotation values are strings in every format; anything else is a malformed payload. */
const StrMap = Labels.default({});

/** Prometheus Alertmanager webhook, version 4 (prometheus.io/docs/alerting/latest/configuration/#webhook_config). */
const AmAlert = z.object({
  status: AlertStatus,
  labels: StrMap,
  annotations: StrMap,
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
  generatorURL: z.string().optional(),
  fingerprint: z.string().min(1),
});
const Alertmanager = z.object({
  version: z.literal('4', { error: 'only Alertmanager webhook version "4" is understood' }),
  groupKey: z.string(),
  status: AlertStatus,
  receiver: z.string().optional(),
  groupLabels: StrMap,
  commonLabels: StrMap,
  commonAnnotations: StrMap,
  externalURL: z.string().optional(),
  alerts: z.array(AmAlert).min(1, 'no alerts in the payload'),
});

/** Grafana Alerting's webhook contact point: Alertmanager's shape plus links to dashboards and panels. */
const GrafanaAlert = AmAlert.extend({
  silenceURL: z.string().optional(),
  dashboardURL: z.string().optional(),
  panelURL: z.string().optional(),
  values: z.record(z.string(), z.unknown()).nullish(),
  valueString: z.string().optional(),
});
const Grafana = z.object({
  receiver: z.string().optional(),
  status: AlertStatus,
  orgId: z.number().optional(),
  alerts: z.array(GrafanaAlert).min(1, 'no alerts in the payload'),
  title: z.string().optional(),
  message: z.string().optional(),
});

/**
 * Datadog's webhook body is a template the user writes with $VARIABLES. Both its default
 * payload (`title` "[Triggered] …", `body`, `id`) and the fuller template in the README are read.
 */
const Datadog = z.object({
  id: z.union([z.string(), z.number()]).optional(),
  title: z.string().min(1, 'title ($EVENT_TITLE) is empty'),
  body: z.string().optional(),
  transition: z.string().optional(),
  alert_id: z.union([z.string(), z.number()]).optional(),
  aggreg_key: z.string().optional(),
  cycle_key: z.string().optional(),
  scope: z.string().optional(),
  priority: z.string().optional(),
  alert_type: z.string().optional(),
  tags: z.string().optional(),
  link: z.string().optional(),
  date: z.union([z.string(), z.number()]).optional(),
  event_type: z.string().optional(),
});

/** The generic JSON: one alert, or `{ "alerts": [ … ] }`. */
const GenericAlert = z.object({
  title: z.string().trim().min(1).max(500),
  severity: z.string().max(50).optional(),
  status: AlertStatus,
  fingerprint: z.string().trim().min(1).max(200),
  url: z.string().optional(),
  labels: StrMap,
  annotations: StrMap,
});
const GenericList = z.object({ alerts: z.array(GenericAlert).min(1, 'no alerts in the payload').max(1_000) });

export type ParseResult = { ok: true; alerts: NormalizedAlert[] } | { ok: false; reason: string };

const MAX_ALERTS = 1_000;

function describe(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join('.') : 'body'}: ${i.message}`)
    .join('; ');
}

const cut = (text: string, max: number): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function alertTitle(labels: Labels, annotations: Labels): string {
  return cut(annotations.summary?.trim() || labels.alertname?.trim() || 'Alert', 500);
}

function fromAlertmanagerLike(
  a: z.infer<typeof GrafanaAlert>,
  url: string | undefined,
): NormalizedAlert {
  const startsAt = parseTime(a.startsAt);
  const endsAt = a.status === 'resolved' ? parseTime(a.endsAt) : undefined;
  const safe = safeUrl(url);
  return {
    fingerprint: cut(a.fingerprint, 200),
    status: a.status,
    title: alertTitle(a.labels, a.annotations),
    ...(a.labels.severity ? { severity: cut(a.labels.severity, 50) } : {}),
    labels: a.labels,
    annotations: a.annotations,
    ...(safe ? { url: safe } : {}),
    ...(startsAt !== undefined ? { startsAt } : {}),
    ...(endsAt !== undefined ? { endsAt } : {}),
  };
}

/** "[P1] [Triggered on {host:a}] Disk full" → "Disk full"; the bracketed parts change between trigger and recovery. */
function datadogBareTitle(title: string): string {
  return title.replace(/^(\s*\[[^\]]*\])+\s*/, '').trim() || title;
}

function datadogTransition(d: z.infer<typeof Datadog>): string {
  if (d.transition) return d.transition;
  return /\[(Recovered|Triggered|Re-Triggered|Warn|Re-Warn|No Data|Re-No Data|Renotify)\b/i.exec(d.title)?.[1] ?? 'Triggered';
}

function fromDatadog(d: z.infer<typeof Datadog>): NormalizedAlert {
  const labels: Labels = {};
  for (const tag of (d.tags ?? '').split(',')) {
    const t = tag.trim();
    if (!t) continue;
    const i = t.indexOf(':');
    if (i > 0) labels[t.slice(0, i)] = t.slice(i + 1);
    else labels[t] = 'true';
  }
  const bare = datadogBareTitle(d.title);
  labels.alertname = cut(bare, 200);
  if (d.alert_id !== undefined) labels.monitor_id = String(d.alert_id);
  if (d.priority) labels.priority = d.priority;
  const transition = datadogTransition(d);
  const scope = d.scope?.trim();
  const fingerprint =
    d.aggreg_key ||
    (d.alert_id !== undefined ? `${d.alert_id}${scope ? `:${scope}` : ''}` : createHash('sha256').update(bare).digest('hex').slice(0, 16));
  const at = parseTime(d.date);
  const resolved = /^recovered$/i.test(transition.trim());
  const safe = safeUrl(d.link);
  return {
    fingerprint: cut(fingerprint, 200),
    status: resolved ? 'resolved' : 'firing',
    title: cut(bare, 500),
    ...(d.priority ? { severity: d.priority } : d.alert_type ? { severity: d.alert_type } : {}),
    labels,
    annotations: d.body ? { description: cut(d.body, 3_000) } : {},
    ...(safe ? { url: safe } : {}),
    ...(at !== undefined ? (resolved ? { endsAt: at } : { startsAt: at }) : {}),
  };
}

/** Turns a sender's body into alerts, or says what is wrong with it (the 400's reason). */
export function parseAlerts(format: AlertFormat, body: unknown): ParseResult {
  let alerts: NormalizedAlert[];
  switch (format) {
    case 'alertmanager': {
      const p = Alertmanager.safeParse(body);
      if (!p.success) return { ok: false, reason: describe(p.error) };
      alerts = p.data.alerts.map((a) => fromAlertmanagerLike(a, a.generatorURL));
      break;
    }
    case 'grafana': {
      const p = Grafana.safeParse(body);
      if (!p.success) return { ok: false, reason: describe(p.error) };
      alerts = p.data.alerts.map((a) => fromAlertmanagerLike(a, a.panelURL || a.dashboardURL || a.generatorURL));
      break;
    }
    case 'datadog': {
      const p = Datadog.safeParse(body);
      if (!p.success) return { ok: false, reason: describe(p.error) };
      alerts = [fromDatadog(p.data)];
      break;
    }
    case 'generic': {
      // A list or one alert, told apart by `alerts` so the reason names the field that is wrong.
      const isList = typeof body === 'object' && body !== null && 'alerts' in body;
      const p = isList ? GenericList.safeParse(body) : GenericAlert.safeParse(body);
      if (!p.success) return { ok: false, reason: describe(p.error) };
      const list = 'alerts' in p.data ? p.data.alerts : [p.data];
      alerts = list.map((a) => {
        const safe = safeUrl(a.url);
        return {
          fingerprint: a.fingerprint,
          status: a.status,
          title: a.title,
          ...(a.severity ? { severity: a.severity } : {}),
          labels: a.labels,
          annotations: a.annotations,
          ...(safe ? { url: safe } : {}),
        };
      });
      break;
    }
  }
  if (alerts.length > MAX_ALERTS) return { ok: false, reason: `more than ${MAX_ALERTS} alerts in one request` };
  return { ok: true, alerts };
}
