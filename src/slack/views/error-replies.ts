import { NotFoundError, StateError, UsageError, WarroomError } from '../../domain/errors.js';
import type { Logger } from '../../telemetry/log.js';
import { StaleRetryExhausted, WriteExpired } from '../../store/incidents.js';
import { describeSlackError, isRateLimited, slackErrorCode } from '../api/errors.js';
import { forSlack } from './mrkdwn.js';

function isRedisUnavailable(err: unknown): boolean {
  if (err instanceof WriteExpired) return true;
  if (!(err instanceof Error)) return false;
  return /Connection is closed|ECONNREFUSED|Command timed out|Stream isn't writeable|MaxRetriesPerRequest|connect ETIMEDOUT/i.test(err.message);
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
