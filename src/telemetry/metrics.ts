import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';

/**
 * Prometheus metrics for GET /metrics. One registry per process; the web and worker
 * processes each expose what they do.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'warroom_node_' });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const commandDuration = new Histogram({
  name: 'warroom_command_duration_seconds',
  help: 'Time from receiving a slash command to the reply being sent, by subcommand and outcome (ok, refused, error).',
  labelNames: ['subcommand', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const slackCallDuration = new Histogram({
  name: 'warroom_slack_api_duration_seconds',
  help: 'Slack Web API call latency by method.',
  labelNames: ['method'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const slackCallErrors = new Counter({
  name: 'warroom_slack_api_errors_total',
  help: 'Slack Web API calls that failed, by method and error (Slack error code, http_<status>, or network).',
  labelNames: ['method', 'error'] as const,
  registers: [registry],
});

export const slackBudgetWaits = new Counter({
  name: 'warroom_slack_budget_waits_total',
  help: 'Slack calls that waited for the shared rate budget, by method and why: the budget was spent (budget) or Slack answered ratelimited anyway (slack).',
  labelNames: ['method', 'why'] as const,
  registers: [registry],
});

export const redisErrors = new Counter({
  name: 'warroom_redis_errors_total',
  help: 'Redis connection errors seen by this process.',
  registers: [registry],
});

export const unreplicatedCommits = new Counter({
  name: 'warroom_redis_unreplicated_commits_total',
  help: 'Commits confirmed to users that no replica had acknowledged within the wait (REDIS_WAIT_REPLICAS): a failover right then could lose them.',
  registers: [registry],
});

export const timerLateness = new Histogram({
  name: 'warroom_timer_lateness_seconds',
  help: 'How long after its due time a delayed job (escalation, reminder) started, by queue.',
  labelNames: ['queue'] as const,
  buckets: [0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 120],
  registers: [registry],
});

const queueDepth = new Gauge({
  name: 'warroom_queue_jobs',
  help: 'Jobs per queue and state, read from BullMQ when scraped.',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
});

const watchedQueues = new Set<Queue>();
/** Queues whose depth is read at scrape time. */
export function watchQueue(queue: Queue): void {
  watchedQueues.add(queue);
}

export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  // A queue name has one BullMQ queue per shard (jobs/shards.ts): the gauge shows their sum.
  const totals = new Map<string, Map<string, number>>();
  await Promise.all(
    [...watchedQueues].map(async (q) => {
      const counts = await q.getJobCounts('waiting', 'delayed', 'active', 'failed').catch(() => undefined);
      const byState = totals.get(q.name) ?? new Map<string, number>();
      totals.set(q.name, byState);
      for (const [state, n] of Object.entries(counts ?? {})) byState.set(state, (byState.get(state) ?? 0) + n);
    }),
  );
  for (const [queue, byState] of totals) for (const [state, n] of byState) queueDepth.set({ queue, state }, n);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

export const alertsReceived = new Counter({
  name: 'warroom_alert_requests_total',
  help: 'POST /alerts/<route> requests by route and outcome (accepted, unauthorized, rate_limited, malformed, too_large).',
  labelNames: ['route', 'outcome'] as const,
  registers: [registry],
});

export const pagerdutyEvents = new Counter({
  name: 'warroom_pagerduty_events_total',
  help: 'Events API v2 calls to PagerDuty by action (trigger, acknowledge, resolve) and outcome (HTTP status or network).',
  labelNames: ['action', 'outcome'] as const,
  registers: [registry],
});

export const webhookDeliveries = new Counter({
  name: 'warroom_webhook_deliveries_total',
  help: 'Webhook delivery attempts by endpoint and outcome (delivered, failed); a failed attempt is retried with backoff for about a day.',
  labelNames: ['endpoint', 'outcome'] as const,
  registers: [registry],
});
