import { NotFoundError, StateError, UsageError, WarroomError } from '../../domain/errors.js';
import type { Logger } from '../../telemetry/log.js';
import { StaleRetryExhausted } from '../../store/incidents.js';
import { describeSlackError, isRateLimited, slackErrorCode } from '../api/errors.js';

function isRedisUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return /ECONNREFUSED|Stream isn't writeable|MaxRetriesPerRequest|connect ETIMEDOUT/i.test(err.message) || isClusterUnavailable(err);
}

/**
 * The command was sent but its answer never came: Redis may have run it (and ioredis may still
 * deliver it after a failover), so "not saved" could be untrue. Measured in
 * tests/cluster/failover.test.ts: notes answered "Command timed out" were in the timeline.
 */
function isRedisOutcomeUnknown(err: unknown): boolean {
  return err instanceof Error && /Connection is closed|Command timed out/i.test(err.message);
}

/** Redis Cluster refusals during a failover: the command was not run, so "not saved" is true. */
function isClusterUnavailable(err: Error): boolean {
  return /^CLUSTERDOWN|^TRYAGAIN|Too many Cluster redirections|Cluster isn't ready|None of startup nodes is available|Failed to refresh slots cache/.test(err.message);
}

/**
 * The one place where failures become what the person who typed reads. Domain errors say
 * what was wrong (and the usage); infrastructure failures say plainly what was not saved.
 */
export function errorReply(err: unknown, log: Logger, context: Record<string, unknown> = {}): string {
  if (err instanceof UsageError) {
    return `:warning: ${err.message}${err.usage ? `\nUsage: \`/incident ${err.usage}\`` : ''}`;
  }
  if (err instanceof StateError || err instanceof NotFoundError || err instanceof WarroomError) return `:warning: ${err.message}`;
  if (err instanceof StaleRetryExhausted) return `:warning: ${err.message} Nothing was saved.`;
  if (isRedisOutcomeUnknown(err)) {
    log.error('redis did not answer a sent command', { ...context, err });
    return ":warning: Not confirmed: the bot's database stopped answering mid-way, so this may or may not have been saved. Check `/incident timeline` before sending it again.";
  }
  if (isRedisUnavailable(err)) {
    log.error('redis unavailable', { ...context, err });
    return ":x: Not saved: the bot's database is not answering. Nothing was recorded; try again in a minute.";
  }
  if (slackErrorCode(err) || isRateLimited(err)) {
    log.warn('slack call failed', { ...context, err });
    return `:x: ${describeSlackError(err)}.`;
  }
  log.error('unexpected error in handler', { ...context, err });
  return ':x: Something went wrong on the bot\'s side and it was logged. Check `/incident timeline` to see what was recorded.';
}
