import { UnrecoverableError } from 'bullmq';
import { z } from 'zod';
import type { Page } from '../domain/escalation-state.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { isActive } from '../domain/status.js';
import { jobId } from '../jobs/connection.js';
import type { PagerDutyJob } from '../jobs/pagerduty-queue.js';
import { QueueName } from '../jobs/queues.js';
import { pagerdutyEvents } from '../telemetry/metrics.js';
import type { Services } from './context.js';

/**
 * PagerDuty as an escalation target: a level with `{ "pagerduty": "<routing key>" }` triggers an
 * alert on that service (the phone rings there), acknowledging in Slack acknowledges it,
 * resolving or closing resolves it, and acknowledging in PagerDuty (v3 webhook) stops the
 * escalation as the Slack button does.
 */

/** One alert per incident and level; the webhook reads the incident and level back from it. */
export function dedupKey(team: string, n: number, level: number): string {
  return `warroom-${team}-INC${n}-L${level}`;
}

export function parseDedupKey(key: string): { team: string; incident: number; level: number } | undefined {
  const m = /^warroom-([A-Z0-9]+)-INC(\d+)-L(-?\d+)$/.exec(key);
  return m?.[1] && m[2] && m[3] ? { team: m[1], incident: Number(m[2]), level: Number(m[3]) } : undefined;
}

const SEVERITY = { sev1: 'critical', sev2: 'error', sev3: 'warning', sev4: 'info' } as const;

/** A 400 is our mistake and will not get better; 429, 5xx and network errors are retried. */
export class PagerDutyRefused extends Error {}

const Answer = z.looseObject({ status: z.string().optional(), message: z.string().optional(), errors: z.array(z.string()).optional() });

async function send(s: Services, event: Record<string, unknown>): Promise<void> {
  let res: Response;
  try {
    res = await fetch(s.config.PAGERDUTY_EVENTS_URL, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    pagerdutyEvents.inc({ action: String(event.event_action), outcome: 'network' });
    throw err;
  }
  const text = await res.text();
  pagerdutyEvents.inc({ action: String(event.event_action), outcome: String(res.status) });
  if (res.status === 202) return;
  const parsed = Answer.safeParse(safeJson(text));
  const why = parsed.success ? [parsed.data.message, ...(parsed.data.errors ?? [])].filter(Boolean).join(': ') : text.slice(0, 200);
  if (res.status === 400) throw new PagerDutyRefused(`PagerDuty refused the event (400): ${why}`);
  throw new Error(`PagerDuty answered ${res.status}: ${why}`);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The trigger of one page on one service; run by the page delivery job (which retries). */
export async function triggerPage(s: Services, incident: Incident, page: Page, routingKey: string): Promise<void> {
  const link = incident.setup.channelId ? [{ href: `https://slack.com/app_redirect?channel=${incident.setup.channelId}`, text: `Slack channel of ${incidentLabel(incident)}` }] : [];
  await send(s, {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey(incident.teamId, incident.number, page.level),
    payload: {
      summary: `${incidentLabel(incident)} ${incident.severity.toUpperCase()}: ${incident.title}`.slice(0, 1024),
      source: 'warroom',
      severity: SEVERITY[incident.severity],
      component: page.name ?? 'escalation',
      custom_details: { incident: incidentLabel(incident), status: incident.status, level: page.name ?? String(page.level + 1) },
    },
    client: 'warroom',
    links: link,
  });
}

/** Every PagerDuty alert this incident raised: one per level and service. */
export function paged(incident: Incident): { level: number; routingKey: string }[] {
  const seen = new Set<string>();
  const out: { level: number; routingKey: string }[] = [];
  for (const p of incident.escalation?.pages ?? []) {
    for (const routingKey of p.pagerduty ?? []) {
      const k = `${p.level}\u0000${routingKey}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ level: p.level, routingKey });
    }
  }
  return out;
}

async function enqueueAll(s: Services, incident: Incident, action: PagerDutyJob['action']): Promise<void> {
  const queue = s.queues.get(QueueName.pagerduty, incident.teamId);
  await Promise.all(
    paged(incident).map(({ level, routingKey }, i) =>
      queue.add(action, { teamId: incident.teamId, incident: incident.number, level, routingKey, action }, { jobId: jobId('pd', action, incident.teamId, incident.number, level, i, incident.updatedAt) }),
    ),
  );
}

/** Acknowledged in Slack: PagerDuty stops calling. */
export async function acknowledgeInPagerDutyToo(s: Services, incident: Incident): Promise<void> {
  await enqueueAll(s, incident, 'acknowledge');
}

/** Resolved or closed: the PagerDuty alerts resolve. */
export async function onStatusForPagerDuty(s: Services, before: Incident, after: Incident): Promise<void> {
  if (isActive(before.status) && !isActive(after.status)) await enqueueAll(s, after, 'resolve');
}

/** The worker's side: one acknowledge or resolve event. */
export async function sendPagerDutyJob(s: Services, job: PagerDutyJob): Promise<void> {
  try {
    await send(s, { routing_key: job.routingKey, dedup_key: dedupKey(job.teamId, job.incident, job.level), event_action: job.action });
  } catch (err) {
    if (err instanceof PagerDutyRefused) {
      s.log.warn('PagerDuty refused an event', { incident: job.incident, action: job.action, err: err.message });
      throw new UnrecoverableError(err.message);
    }
    throw err;
  }
}

