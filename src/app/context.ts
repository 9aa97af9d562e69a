import type { EntryIds } from '../domain/entries.js';
import type { WebClient } from '@slack/web-api';
import type { Config } from '../config/env.js';
import type { FileConfig } from '../config/settings.js';
import type { Queues } from '../jobs/queues.js';
import type { Logger } from '../telemetry/log.js';
import type { ChannelEcho } from '../slack/api/channel-echo.js';
import type { Directory } from '../slack/api/directory.js';
import type { BotIdentity } from '../slack/api/identity.js';
import type { IncidentStore } from '../store/incidents.js';
import type { RedisClient } from '../store/redis.js';
import type { InProgress } from '../util/in-progress.js';
import type { AppHooks } from './hooks.js';

/**
 * What use cases, listeners and job processors are given: built once per process by
 * src/runtime/services.ts (or per test), never copied. Everything a process remembers lives here.
 */
export interface Services {
  config: Config;
  /** Escalation policies, status-update intervals, reminder settings (WARROOM_CONFIG). */
  settings: FileConfig;
  redis: RedisClient;
  incidents: IncidentStore;
  slack: WebClient;
  directory: Directory;
  queues: Queues;
  log: Logger;
  now(): number;
  /** Makes the ids of new timeline entries: handed to the rules, which stay pure (domain/entries.ts). */
  ids: EntryIds;
  /** What the features do when an incident is declared or changes status, and what they add to its card. */
  hooks: AppHooks;
  /** Timeline lines echoed in incident channels, paced to Slack's per-channel limit. */
  echo: ChannelEcho;
  /** Commands whose work after the reply is not done yet (tests, graceful shutdown). */
  afterReplies: InProgress;
  /** The bot's workspace and user (auth.test, asked once): alerts and PagerDuty arrive from outside Slack. */
  identity: () => Promise<BotIdentity>;
  /** Workspaces whose daily action-item digest scheduler this process already made sure of. */
  digestSchedules: Set<string>;
}
