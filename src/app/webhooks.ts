import { Webhook } from 'standardwebhooks';
import type { Job } from 'bullmq';
import type { FileConfig } from '../config/settings.js';
import { eventTypeOf, webhookEvent, type WebhookEvent } from '../domain/webhook-events.js';
import { jobId } from '../jobs/connection.js';
import type { WebhookJob } from '../jobs/webhook-queue.js';
import { QueueName } from '../jobs/queues.js';
import type { Op } from '../store/commit.js';
import type { Change, CommitHooks } from '../store/incidents.js';
import { keys } from '../store/keys.js';
import { webhookDeliveries } from '../telemetry/metrics.js';
import type { Services } from './context.js';

/**
 * Events out. Every commit that records a change (declared, status, severity, role, page,
 * acknowledgement, alert, close, reopen, postmortem, action item) writes its events into an
 * outbox in the same atomic step; right after, one delivery job per subscribed endpoint is
 * queued and the outbox entry dropped. A crash in between leaves the outbox, which the worker
 * sweeps at start, so every change is sent at least once, always under the same event id.
 */

type Endpoint = FileConfig['webhooks']['endpoints'][number];

const subscribed = (e: Endpoint, type: WebhookEvent['type']): boolean => e.events.includes('*') || e.events.includes(type);

function eventsOf(settings: FileConfig, change: Change): WebhookEvent[] {
  const endpoints = settings.webhooks.endpoints;
  if (endpoints.length === 0 || !change.add?.length) return [];
  const out: WebhookEvent[] = [];
  for (const entry of change.add) {
    const type = eventTypeOf(entry);
    if (type && endpoints.some((e) => subscribed(e, type))) out.push(webhookEvent(change.incident, entry, type));
  }
  return out;
}

async function enqueue(s: Services, team: string, events: WebhookEvent[]): Promise<void> {
  const { endpoints, attempts, retryDelayMs } = s.settings.webhooks;
  const queue = s.queues.get(QueueName.webhooks, team);
  const jobs = events.flatMap((event) =>
    endpoints
      .filter((e) => subscribed(e, event.type))
      .map((e) => ({
        name: 'deliver',
        data: { teamId: team, endpoint: e.name, event },
        opts: { jobId: jobId('wh', e.name, event.id), attempts, backoff: { type: 'exponential' as const, delay: retryDelayMs }, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } },
      })),
  );
  if (jobs.length) await queue.addBulk(jobs);
  await s.redis.hdel(keys.webhookOutbox(team), ...events.map((e) => e.id));
}

/** The commit hook (see store/incidents.ts): write to the outbox with the change, queue right after. */
export function webhookCommitHooks(services: () => Services): CommitHooks {
  return {
    ops(change): Op[] {
      return eventsOf(services().settings, change).map((e) => ({ op: 'hset', key: keys.webhookOutbox(change.incident.teamId), field: e.id, value: JSON.stringify(e) }));
    },
    committed(change) {
      const s = services();
      const events = eventsOf(s.settings, change);
      if (events.length === 0) return;
      // The change is saved and the events are in the outbox: a failure here is retried by the sweep.
      enqueue(s, change.incident.teamId, events).catch((err: unknown) => s.log.warn('could not queue webhook deliveries; the outbox keeps them', { err }));
    },
  };
}

/** Queues whatever a crash left in the outbox. */
export async function sweepWebhookOutbox(s: Services): Promise<number> {
  if (s.settings.webhooks.endpoints.length === 0) return 0;
  const { teamId } = await s.identity();
  const left = await s.redis.hgetall(keys.webhookOutbox(teamId));
  const events = Object.values(left).map((json) => JSON.parse(json) as WebhookEvent);
  if (events.length) await enqueue(s, teamId, events);
  return events.length;
}

/** One delivery attempt: signed per Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature). */
export async function deliverWebhook(s: Services, job: Job, data: WebhookJob): Promise<void> {
  const endpoint = s.settings.webhooks.endpoints.find((e) => e.name === data.endpoint);
  if (!endpoint) return;
  const body = JSON.stringify(data.event);
  const now = new Date(s.now());
  const signature = new Webhook(endpoint.secret).sign(data.event.id, now, body);
  let failure: string | undefined;
  try {
    const res = await fetch(endpoint.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'warroom-webhooks',
        'webhook-id': data.event.id,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      signal: AbortSignal.timeout(10_000),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (!res.ok) failure = `HTTP ${res.status}`;
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }
  if (!failure) {
    webhookDeliveries.inc({ endpoint: endpoint.name, outcome: 'delivered' });
    return;
  }
  webhookDeliveries.inc({ endpoint: endpoint.name, outcome: 'failed' });
  const attempt = job.attemptsMade + 1;
  const last = attempt >= (job.opts.attempts ?? 1);
  const fields = { endpoint: endpoint.name, event: data.event.id, type: data.event.type, attempt, error: failure };
  if (last) s.log.error('webhook failing: gave up on this event', fields);
  else s.log.warn('webhook failing: will retry', fields);
  throw new Error(`webhook ${endpoint.name} failed: ${failure}`);
}
