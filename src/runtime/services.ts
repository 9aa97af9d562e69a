import type { Config } from '../config/env.js';
import { loadFileConfig, type FileConfig } from '../config/settings.js';
import { createQueues } from '../jobs/queues.js';
import { createLogger, type Logger } from '../telemetry/log.js';
import { redisErrors, watchQueue } from '../telemetry/metrics.js';
import type { Services } from '../app/context.js';
import { whenIdle } from '../app/after-reply.js';
import { ECHO_SPACING_MS, whenEchoed } from '../slack/api/channel-echo.js';
import { createSlackClient } from '../slack/api/client.js';
import { createDirectory } from '../slack/api/directory.js';
import { createIncidentStore } from '../store/incidents.js';
import { createAppRedis } from '../store/redis.js';

export interface ServiceOverrides {
  token?: string;
  apiUrl?: string;
  log?: Logger;
  now?: () => number;
  settings?: FileConfig;
  echoSpacingMs?: number;
}

/** Builds the process-wide services; tests call it with their own Redis and stand-in. */
export function createServices(config: Config, o: ServiceOverrides = {}): Services {
  const redis = createAppRedis(config.REDIS_URL);
  const log = o.log ?? createLogger(config.LOG_LEVEL);
  redis.on('error', (err: Error) => {
    redisErrors.inc();
    log.warn('redis connection error', { err: err.message });
  });
  const slack = createSlackClient(o.token ?? config.SLACK_BOT_TOKEN ?? '', o.apiUrl ?? config.SLACK_API_URL);
  const queues = createQueues(config.REDIS_URL);
  watchQueue(queues.surfaces);
  return {
    config,
    settings: o.settings ?? loadFileConfig(config.WARROOM_CONFIG),
    redis,
    incidents: createIncidentStore(redis),
    slack,
    directory: createDirectory(slack),
    queues,
    log,
    now: o.now ?? Date.now,
    echoSpacingMs: o.echoSpacingMs ?? ECHO_SPACING_MS,
  };
}

/** Lets work after replies and queued channel echoes finish (a few seconds at most), then disconnects. */
export async function closeServices(s: Services, graceMs = 5_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.all([whenIdle(), whenEchoed()]), new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  await s.queues.close().catch(() => undefined);
  await s.redis.quit().catch(() => undefined);
}
