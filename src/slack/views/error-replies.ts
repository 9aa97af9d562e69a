import { NotFoundError, StateError, UsageError, WarroomError } from '../../domain/errors.js';
import type { Logger } from '../../telemetry/log.js';
import { StaleRetryExhausted, WriteExpired } from '../../store/incidents.js';
import { describeSlackError, isRateLimited, slackErrorCode } from '../api/errors.js';
import { forSlack } from './mrkdwn.js';

function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof WriteExpired) return true;
  if (!(err instanceof Error)) return false;
  // A timed-out write is certain not to land: store writes carry a deadline (WRITE_DEADLINE_MS)
  // well inside the commandTimeout, and Redis refuses one it runs later (after a stall, a resend
  // or a failover). tests/reliability/redis-stall.test.ts measures it.
  return /ECONNREFUSED|Command timed out|Stream isn't writeable|MaxRetriesPerRequest|connect ETIMEDOUT/i.test(err.message) || isClusterUnavailable(err);
}

/**
 * The command was sent and its connection closed before the answer came: Redis may have run it
 * in time (before its deadline) and lost only the reply, e.g. a master that died right after, so
 * "not saved" could be untrue. (A timeout is not this: past the write deadline nothing lands.)
 */
function isRedisOutcomeUnknown(err: unknown): boolean {
  return err instanceof Error && /Connection is closed/i.test(err.message);
}

/** Redis Cluster refusals during a failover: the command was not run, so "not saved" is true. */
function isClusterUnavailable(err: Error): boolean {
  return /^CLUSTERDOWN|^TRYAGAIN|Too many Cluster redirections|Cluster isn't ready|None of startup nodes is available|Failed to refresh slots cache/.test(err.message);
}

/**
 * The one place where failures become what the person who typed reads. Domain errors say
 * what was wrong (and the usage); infrastructure failures say plainly what was not saved.
 */
/**
 * What to say when Redis stops answering. A write that did not land in time can never land
 * later (the commit script's deadline), so "not saved" is certain; but when this command had
 * already saved something before Redis went away, saying "nothing was recorded" would be false.
 */
export const NOT_SAVED_REDIS =
  ":x: Not saved: the bot's database (Redis) is not answering. Nothing was recorded, and nothing will be recorded later: type it again in a minute.";
export const PARTLY_SAVED_REDIS =
  ":warning: Your change was saved, but the bot's database (Redis) stopped answering before everything after it was done. Don't type it again: check `/incident timeline` in a minute.";

export function errorReply(err: unknown, log: Logger, context: Record<string, unknown> = {}, opts: { saved?: boolean } = {}): string {
  // Refusals quote what was typed ("I couldn't read …") and usage lines hold `<a|b>`: both escaped.
  if (err instanceof UsageError) {
    return forSlack(`:warning: ${err.message}${err.usage ? `\nUsage: \`/incident ${err.usage}\`` : ''}`);
  }
  if (err instanceof StateError || err instanceof NotFoundError || err instanceof WarroomError) return forSlack(`:warning: ${err.message}`);
  if (err instanceof StaleRetryExhausted) return `:warning: ${err.message} Nothing was saved.`;
  if (isRedisOutcomeUnknown(err)) {
    log.error('redis did not answer a sent command', { ...context, err });
    return ":warning: Not confirmed: the bot's database stopped answering mid-way, so this may or may not have been saved. Check `/incident timeline` before sending it again.";
  }
  if (isRedisUnavailable(err)) {
    log.error('redis unavailable', { ...context, err });
    return opts.saved ? PARTLY_SAVED_REDIS : NOT_SAVED_REDIS;
  }
  if (slackErrorCode(err) || isRateLimited(err)) {
    log.warn('slack call failed', { ...context, err });
    return `:x: ${describeSlackError(err)}.`;
  }
  log.error('unexpected error in handler', { ...context, err });
  return ':x: Something went wrong on the bot\'s side and it was logged. Check `/incident timeline` to see what was recorded.';
}
