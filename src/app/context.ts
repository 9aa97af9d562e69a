import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import type { Config } from '../config/env.js';
import type { FileConfig } from '../config/settings.js';
import type { Queues } from '../jobs/queues.js';
import type { Logger } from '../telemetry/log.js';
import type { Directory } from '../slack/api/directory.js';
import type { IncidentStore } from '../store/incidents.js';

/** What handlers and job processors are given; built once per process in main.ts (or per test). */
export interface Services {
  config: Config;
  /** Escalation policies, status-update intervals, reminder settings (WARROOM_CONFIG). */
  settings: FileConfig;
  redis: Redis;
  incidents: IncidentStore;
  slack: WebClient;
  directory: Directory;
  queues: Queues;
  log: Logger;
  now(): number;
  /** Least time between two echo messages in one channel (slack/channel-echo.ts); tests shorten it. */
  echoSpacingMs: number;
  /** Set only for one slash command's run: work queued here waits until its reply is sent (slack/after-reply.ts). */
  defer?: (task: () => Promise<void>) => void;
}
