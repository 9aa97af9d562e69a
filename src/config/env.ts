import { z } from 'zod';
import { Severity } from '../domain/severity.js';
import { isValidTimeZone } from '../domain/time-zone.js';

/** An empty line in .env (`BROADCAST_CHANNEL=`) means "not set", not "set to nothing". */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), schema);

export const Env = z.object({
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xox[bp]-/, 'must be a bot token starting with xoxb-')),
  SLACK_SIGNING_SECRET: optional(z.string().min(8, 'must be the app\'s signing secret (Basic Information → App Credentials)')),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-/, 'must be an app-level token starting with xapp- (only for Socket Mode)')),
  SLACK_API_URL: withDefault(z.url({ error: 'must be a URL such as https://slack.com/api/' }), 'https://slack.com/api/'),
  REDIS_URL: withDefault(z.string().regex(/^rediss?:\/\//, 'must look like redis://host:6379'), 'redis://127.0.0.1:6379'),
  /** Redis Cluster seed nodes (`host:port,host:port`); credentials and TLS still come from REDIS_URL (docs/DEPLOY.md). */
  REDIS_CLUSTER_NODES: optional(
    z
      .string()
      .regex(/^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*$/, 'must be a comma-separated list of host:port, such as 10.0.0.1:6379,10.0.0.2:6379'),
  ),
  /** How many hash tags the job queues are spread over (K); 1 keeps every queue under `{wr-jobs}`. */
  JOB_SHARDS: optional(z.coerce.number({ error: 'must be a whole number from 1 to 256' }).int().min(1).max(256)),
  /** Workers also consume the tags of an older, larger JOB_SHARDS until their jobs are gone (docs/DEPLOY.md). */
  JOB_SHARDS_DRAIN: optional(z.coerce.number({ error: 'must be a whole number from 1 to 256' }).int().min(1).max(256)),
  /** The queues' hash-tag name; two installations sharing one Redis (or parallel test files) need different ones. */
  JOB_TAG: withDefault(z.string().regex(/^[a-z0-9-]{1,40}$/, 'must be lowercase letters, digits and dashes'), 'wr-jobs'),
  /** Replicas that must hold a commit before the bot confirms it (Redis WAIT); 0 turns the wait off. */
  REDIS_WAIT_REPLICAS: withDefault(z.coerce.number({ error: 'must be 0, 1 or 2' }).int().min(0).max(2), '0'),
  PORT: withDefault(z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535), '3000'),
  DEFAULT_TIMEZONE: withDefault(z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Africa/Nairobi or America/New_York'), 'UTC'),
  DEFAULT_SEVERITY: withDefault(z.string().toLowerCase().pipe(Severity), 'sev3'),
  BROADCAST_CHANNEL: optional(z.string().regex(/^[CG][A-Z0-9]{2,}$/, 'must be a channel ID such as C0123ABCD (not a #name)')),
  WARROOM_CONFIG: optional(z.string()),
  LOG_LEVEL: withDefault(z.enum(['debug', 'info', 'warn', 'error']), 'info'),
  /** PagerDuty Events API v2 endpoint; tests point it at the local stand-in. */
  PAGERDUTY_EVENTS_URL: withDefault(z.url({ error: 'must be a URL such as https://events.pagerduty.com/v2/enqueue' }), 'https://events.pagerduty.com/v2/enqueue'),
  /** Secret of the PagerDuty v3 webhook subscription that sends to POST /integrations/pagerduty. */
  PAGERDUTY_WEBHOOK_SECRET: optional(z.string().min(8, 'must be the secret PagerDuty showed when the webhook subscription was created')),
});
export type Env = z.infer<typeof Env>;

export interface Config extends Env {
  /** True when no Slack credentials are set: run against the local stand-in. */
  sandbox: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`warroom cannot start; fix these settings (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** One line per bad or missing variable, naming it, all at once: a broken deploy says everything to fix in one go. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, opts: { requireSlack?: boolean } = {}): Config {
  const parsed = Env.safeParse(env);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])] ?? '')})`);
  if (opts.requireSlack) {
    // Read from the raw environment too, so a missing token is listed beside the malformed settings.
    const set = (name: string): boolean => (env[name] ?? '') !== '';
    if (!set('SLACK_BOT_TOKEN')) problems.push('SLACK_BOT_TOKEN: required (OAuth & Permissions → Bot User OAuth Token, xoxb-…)');
    if (!set('SLACK_SIGNING_SECRET') && !set('SLACK_APP_TOKEN')) problems.push('SLACK_SIGNING_SECRET: required unless SLACK_APP_TOKEN is set for Socket Mode');
  }
  if (problems.length || !parsed.success) throw new ConfigError(problems);
  return Object.freeze({ ...parsed.data, sandbox: !parsed.data.SLACK_BOT_TOKEN });
}
