import { Queue, type DefaultJobOptions } from 'bullmq';
import { z } from 'zod';
import type { Config } from '../config/env.js';
import type { Logger } from '../telemetry/log.js';
import { watchQueue } from '../telemetry/metrics.js';
import { jobId, queueConnection } from './connection.js';
import type { AlertJob } from './alert-queue.js';
import type { PagerDutyJob } from './pagerduty-queue.js';
import { consumedShards, shardCount, shardPrefix, teamShard } from './shards.js';
import type { WebhookJob } from './webhook-queue.js';

/**
 * Every BullMQ queue of warroom: its name, the zod schema of its jobs, its retry policy and its
 * job ids. The web process only adds jobs; the processors are in src/workers, one module a queue.
 * Queue names are stored in Redis with the jobs, so they never change.
 */
export const QueueName = {
  surfaces: 'surfaces',
  timers: 'escalation',
  paging: 'paging',
  postmortem: 'postmortem',
  actionItemReminders: 'action-reminders',
  actionItemDigests: 'action-digests',
  slackEvents: 'slack-events',
  alerts: 'alerts',
  pagerduty: 'pagerduty',
  webhooks: 'webhooks',
  declareSetup: 'declare-setup',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

/** Re-draws an incident's topic and pinned card when doing it inline failed (rate limit, Slack blip). */
export const SurfacesJob = z.object({ teamId: z.string(), incident: z.number().int() });
export type SurfacesJob = z.infer<typeof SurfacesJob>;

/**
 * Escalation and status-update timers: delayed jobs with ids derived from the incident's state,
 * (level, attempt) and the reminder's `seq`, never reused. A job only says "this step may be due";
 * its processor re-reads the incident and does nothing when the state has moved on.
 */
export const EscalationTimerJob = z.object({ teamId: z.string(), incident: z.number().int(), level: z.number().int(), attempt: z.number().int() });
export type EscalationTimerJob = z.infer<typeof EscalationTimerJob>;
export const StatusReminderJob = z.object({ teamId: z.string(), incident: z.number().int(), seq: z.number().int() });
export type StatusReminderJob = z.infer<typeof StatusReminderJob>;
export const TimerJobName = { escalate: 'escalate', remind: 'remind' } as const;

/** Delivers a page (DMs, invites) and announces a step in the channel; `entry` is the timeline entry it announces. */
export const PageDeliveryJob = z.object({
  teamId: z.string(),
  incident: z.number().int(),
  entry: z.string(),
  page: z.number().int().optional(),
  remind: z.boolean().optional(),
});
export type PageDeliveryJob = z.infer<typeof PageDeliveryJob>;

export const PostmortemJob = z.object({
  teamId: z.string(),
  incident: z.number().int().positive(),
  version: z.number().int().positive(),
  /** Tell the broadcast channel too (on closing; a redraft on request stays in the incident channel). */
  announce: z.boolean(),
});
export type PostmortemJob = z.infer<typeof PostmortemJob>;

/** An action item's reminder carries the instant it was armed for; its id holds that instant. */
export const ActionItemReminderJob = z.object({ teamId: z.string(), id: z.number().int().positive(), at: z.number().int() });
export type ActionItemReminderJob = z.infer<typeof ActionItemReminderJob>;

/** Made by the per-workspace job scheduler once a day; fans out into one DigestJob per owner. */
export const DigestTickJob = z.object({ teamId: z.string() });
export type DigestTickJob = z.infer<typeof DigestTickJob>;
export const DigestJob = z.object({ teamId: z.string(), owner: z.string(), date: z.iso.date(), at: z.number().int() });
export type DigestJob = z.infer<typeof DigestJob>;
export const DigestJobName = { tick: 'digest-tick', digest: 'digest' } as const;

/**
 * A Slack event the web process could not act on (Slack failed while the bot read the message
 * or its reactions): retried by the worker until it can be, since Slack itself will not resend it.
 */
export const SlackEventJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pin-added'), teamId: z.string(), channel: z.string(), ts: z.string(), user: z.string() }),
  z.object({ kind: z.literal('pin-removed'), teamId: z.string(), channel: z.string(), ts: z.string() }),
  z.object({ kind: z.literal('message-edited'), teamId: z.string(), channel: z.string(), ts: z.string(), text: z.string() }),
  z.object({ kind: z.literal('message-deleted'), teamId: z.string(), channel: z.string(), ts: z.string() }),
  /** Someone joined an incident channel: a late joiner is sent the catch-up. */
  z.object({ kind: z.literal('member-joined'), teamId: z.string(), channel: z.string(), user: z.string(), botUser: z.string().optional() }),
]);
export type SlackEventJob = z.infer<typeof SlackEventJob>;

/**
 * Where the person waiting for a paused declare is told how it went: the response_url of their
 * command or button (Slack takes up to 5 posts in 30 minutes, `until` is when it stops), a DM,
 * or a channel (an alert declared the incident: where alerts are talked about).
 */
export const SetupNotice = z.discriminatedUnion('via', [
  z.object({ via: z.literal('response-url'), url: z.url(), user: z.string(), until: z.number().int() }),
  z.object({ via: z.literal('dm'), user: z.string() }),
  z.object({ via: z.literal('channel'), channel: z.string() }),
]);
export type SetupNotice = z.infer<typeof SetupNotice>;

/**
 * The rest of a declare's Slack setup, paused by Slack's rate limit: a delayed job due when the
 * setup's place in the shared budget comes (`slot`: its reservation, or `at-<ms>` after a
 * Retry-After), so a storm of declares is set up in the order they came and nobody re-runs anything.
 */
export const DeclareSetupJob = z.object({ teamId: z.string(), incident: z.number().int().positive(), slot: z.string(), notice: SetupNotice.optional() });
export type DeclareSetupJob = z.infer<typeof DeclareSetupJob>;

/** The job data of each queue, so `queues.get(name)` is typed. */
export interface QueueData {
  surfaces: SurfacesJob;
  escalation: EscalationTimerJob | StatusReminderJob;
  paging: PageDeliveryJob;
  postmortem: PostmortemJob;
  'action-reminders': ActionItemReminderJob;
  'action-digests': DigestTickJob | DigestJob;
  'slack-events': SlackEventJob;
  alerts: AlertJob;
  pagerduty: PagerDutyJob;
  webhooks: WebhookJob;
  'declare-setup': DeclareSetupJob;
}

const backoff = { type: 'exponential', delay: 1_000, jitter: 0.2 } as const;
const QUEUE_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  surfaces: { attempts: 8, backoff },
  // Ten tries over about seventeen minutes: a Redis or Slack blip must not lose a page.
  escalation: { attempts: 10, backoff },
  paging: { attempts: 8, backoff },
  // Attempts and backoff come from the settings, per job (see app/postmortem-delivery.ts).
  postmortem: { attempts: 5, backoff },
  'action-reminders': { attempts: 5, backoff },
  // Digest ids carry the owner's local date and are kept three days, so two ticks never send one day twice.
  'action-digests': { attempts: 5, backoff, removeOnComplete: { age: 3 * 24 * 3600 } },
  // About seventeen minutes of tries: a Slack outage shorter than that loses no 📌.
  'slack-events': { attempts: 10, backoff },
  // An accepted alert payload is retried for about an hour (a Slack or Redis outage while declaring).
  alerts: { attempts: 12, backoff },
  // PagerDuty asks for retries on 429 and 5xx "after some time".
  pagerduty: { attempts: 10, backoff: { type: 'exponential', delay: 2_000, jitter: 0.2 } },
  // Attempts and backoff come from the settings, per job (see app/webhooks.ts).
  webhooks: { attempts: 15, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: { age: 24 * 3600 } },
  // Waiting for the budget is not an attempt (workers/index.ts); these are for Slack or Redis failing.
  'declare-setup': { attempts: 8, backoff },
};

export const timerJobId = {
  escalation: (team: string, n: number, level: number, attempt: number): string => jobId('esc', team, n, level, attempt),
  statusReminder: (team: string, n: number, seq: number): string => jobId('upd', team, n, seq),
};
export const pageDeliveryJobId = (team: string, n: number, entry: string): string => jobId('page', team, n, entry);
export const postmortemJobId = (job: Pick<PostmortemJob, 'teamId' | 'incident' | 'version'>): string => jobId('pm', job.teamId, job.incident, job.version);
export const actionItemReminderJobId = (team: string, id: number, at: number): string => jobId('remind', team, `A${id}`, at);
export const digestJobId = (team: string, owner: string, date: string): string => jobId('digest', team, owner, date);
export const digestSchedulerId = (team: string): string => jobId('digest-schedule', team);
export const slackEventJobId = (team: string, eventId: string): string => jobId('evt', team, eventId);
export const declareSetupJobId = (team: string, n: number, slot: string): string => jobId('setup', team, n, slot);

export type QueueConfig = Pick<Config, 'REDIS_URL' | 'REDIS_CLUSTER_NODES' | 'JOB_SHARDS' | 'JOB_SHARDS_DRAIN' | 'JOB_TAG'>;

/**
 * The producers' queues. Each queue name exists once per shard (jobs/shards.ts): a workspace's
 * jobs always go to its own shard, so its ids, deduplication and schedulers stay in one slot,
 * while the workspaces' timers spread over the masters of a cluster.
 */
export function createQueues(config: QueueConfig, log: Logger) {
  const { connection, close: closeConnection } = queueConnection(config);
  const shards = shardCount(config);
  const open = new Map<string, Queue>();
  function onShard<N extends QueueName>(name: N, shard: number): Queue<QueueData[N]> {
    const key = `${name}\n${shard}`;
    let q = open.get(key);
    if (!q) {
      q = new Queue(name, {
        connection,
        prefix: shardPrefix(config.JOB_TAG, shard),
        defaultJobOptions: { removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 }, ...QUEUE_OPTIONS[name] },
      });
      q.on('error', (err) => log.warn('queue connection error', { queue: name, shard, err: err.message }));
      watchQueue(q);
      open.set(key, q);
    }
    // Created above with this name; BullMQ's Queue is not typed by its name.
    return q as Queue<QueueData[N]>;
  }
  /** A workspace's queue of this name, opened on first use and closed with the others. */
  function get<N extends QueueName>(name: N, teamId: string): Queue<QueueData[N]> {
    return onShard(name, teamShard(teamId, shards));
  }
  // Every process re-draws cards, so /metrics always shows this queue's depth.
  for (const shard of consumedShards(config)) onShard(QueueName.surfaces, shard);
  return {
    /** K: how many shards new jobs are spread over. */
    shards,
    get,
    /** Every shard's queue of a name, drained ones included: for work that spans workspaces. */
    all<N extends QueueName>(name: N): Queue<QueueData[N]>[] {
      return consumedShards(config).map((shard) => onShard(name, shard));
    },
    /** One pending re-draw per incident is enough: the job reads the latest state when it runs. */
    async resyncSurfaces(job: SurfacesJob): Promise<void> {
      const id = jobId('surfaces', job.teamId, job.incident);
      await get(QueueName.surfaces, job.teamId).add('resync', job, { deduplication: { id }, delay: 2_000 });
    },
    async close(): Promise<void> {
      await Promise.all([...open.values()].map((q) => q.close()));
      await closeConnection();
    },
  };
}

export type Queues = ReturnType<typeof createQueues>;
