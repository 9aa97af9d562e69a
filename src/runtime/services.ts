import { randomFillSync } from 'node:crypto';
import { entryIdSource } from '../domain/entries.js';
import type { AppHooks } from '../app/hooks.js';
import type { Services } from '../app/context.js';
import type { Config } from '../config/env.js';
import { loadFileConfig, type FileConfig } from '../config/settings.js';
import { createQueues } from '../jobs/queues.js';
import { createChannelEcho, ECHO_SPACING_MS } from '../slack/api/channel-echo.js';
import { createSlackClient } from '../slack/api/client.js';
import { createDirectory } from '../slack/api/directory.js';
import { createIdentity } from '../slack/api/identity.js';
import { createIncidentStore } from '../store/incidents.js';
import { createRedis } from '../store/redis.js';
import { createLogger, registerSecret, type Logger } from '../telemetry/log.js';
import { redisErrors } from '../telemetry/metrics.js';
import { inProgress } from '../util/in-progress.js';
import { webhookCommitHooks } from '../app/webhooks.js';

export interface ServiceOptions {
  /** What the features add to the core (src/features `assemble`); required so no entry point runs without them by mistake. */
  hooks: AppHooks;
  token?: string;
  apiUrl?: string;
  log?: Logger;
  now?: () => number;
  settings?: FileConfig;
  /** Least time between two echo messages in one channel; tests shorten it. */
  echoSpacingMs?: number;
}

function redisPassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

/** Builds the process-wide services; tests call it with their own Redis and stand-in. */
export function createServices(config: Config, o: ServiceOptions): Services {
  for (const secret of [config.SLACK_BOT_TOKEN, config.SLACK_SIGNING_SECRET, config.SLACK_APP_TOKEN, o.token, redisPassword(config.REDIS_URL)]) registerSecret(secret);
  const redis = createRedis(config);
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  redis.on('error', (err: Error) => {
    redisErrors.inc();
    log.warn('redis connection error', { err: err.message });
  });
  const slack = createSlackClient(o.token ?? config.SLACK_BOT_TOKEN ?? '', o.apiUrl ?? config.SLACK_API_URL, log);
  const s: Services = {
    config,
    settings: o.settings ?? loadFileConfig(config.WARROOM_CONFIG),
    redis,
    // Every recorded change passes here; webhooks out write their outbox in the same commit.
    incidents: createIncidentStore(redis, webhookCommitHooks(() => s)),
    slack,
    directory: createDirectory(slack),
    queues: createQueues(config, log),
    log,
    now: o.now ?? Date.now,
    ids: entryIdSource((bytes) => randomFillSync(bytes)),
    hooks: o.hooks,
    echo: createChannelEcho(slack, log, o.echoSpacingMs ?? ECHO_SPACING_MS),
    afterReplies: inProgress(),
    identity: createIdentity(slack),
    digestSchedules: new Set(),
  };
  return s;
}

/** Lets work after replies and queued channel echoes finish (a few seconds at most), then disconnects. */
export async function closeServices(s: Services, graceMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all([s.afterReplies.idle(), s.echo.idle()]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  await s.queues.close().catch((err: unknown) => s.log.warn('could not close the queues', { err }));
  await s.redis.quit().catch((err: unknown) => s.log.warn('could not close the Redis connection', { err }));
}
