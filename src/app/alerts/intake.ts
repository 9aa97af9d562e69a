import { createHash, timingSafeEqual } from 'node:crypto';
import { parseAlerts } from '../../domain/alerts/formats.js';
import type { AlertRoute } from '../../domain/alerts/rules.js';
import type { AlertJob } from '../../jobs/alert-queue.js';
import { QueueName } from '../../jobs/queues.js';
import { createAlertStore } from '../../store/alerts.js';
import { alertsReceived } from '../../telemetry/metrics.js';
import type { Services } from '../context.js';

export interface IntakeAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** Compared as hashes so neither the length nor the content of a token leaks through timing. */
function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function authorized(route: AlertRoute, header: string | undefined): boolean {
  if (!header) return false;
  const [scheme, value = ''] = header.trim().split(/\s+/, 2);
  if (route.token && /^bearer$/i.test(scheme ?? '')) return same(value, route.token);
  if (route.basicAuth && /^basic$/i.test(scheme ?? '')) {
    return same(Buffer.from(value, 'base64').toString('utf8'), `${route.basicAuth.username}:${route.basicAuth.password}`);
  }
  return false;
}

/**
 * POST /alerts/<route>: checks the token, the route's rate and the body, then saves the
 * alerts as a job and answers 202. Everything slower (rules, declaring, Slack) runs in the
 * worker, so a storm never holds a sender's request open, and nothing answered 202 is lost.
 */
export async function receiveAlerts(s: Services, routeName: string, authorization: string | undefined, rawBody: string): Promise<IntakeAnswer> {
  const route = s.settings.alerts.routes.find((r) => r.name === routeName);
  // Unknown route and wrong token answer alike, so the route names cannot be probed.
  if (!route || !authorized(route, authorization)) {
    alertsReceived.inc({ route: route ? route.name : 'unknown', outcome: 'unauthorized' });
    return { status: 401, body: { error: 'unauthorized', reason: 'missing or wrong token for this alert route' }, headers: { 'www-authenticate': 'Bearer' } };
  }
  const { teamId } = await s.identity();
  const now = s.now();
  if (!(await createAlertStore(s.redis).withinRate(teamId, route.name, route.rateLimitPerMinute, now))) {
    alertsReceived.inc({ route: route.name, outcome: 'rate_limited' });
    const retry = Math.max(1, Math.ceil((60_000 - (now % 60_000)) / 1000));
    return { status: 429, body: { error: 'rate_limited', reason: `over ${route.rateLimitPerMinute} requests a minute for route ${route.name}` }, headers: { 'retry-after': String(retry) } };
  }
  let body: unknown;
  try {
    body = JSON.parse(rawBody);
  } catch (err) {
    alertsReceived.inc({ route: route.name, outcome: 'malformed' });
    return { status: 400, body: { error: 'malformed', reason: `body is not JSON: ${err instanceof Error ? err.message : String(err)}` } };
  }
  const parsed = parseAlerts(route.format, body);
  if (!parsed.ok) {
    alertsReceived.inc({ route: route.name, outcome: 'malformed' });
    return { status: 400, body: { error: 'malformed', reason: `not a ${route.format} payload: ${parsed.reason}` } };
  }
  const job: AlertJob = { teamId, route: route.name, alerts: parsed.alerts, receivedAt: now };
  await s.queues.get(QueueName.alerts, teamId).add('alerts', job);
  alertsReceived.inc({ route: route.name, outcome: 'accepted' });
  return { status: 202, body: { accepted: parsed.alerts.length } };
}
