/** Slack's error code from a web-api error, or undefined for network/HTTP failures. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'data' in err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
  }
  return undefined;
}

export function isRateLimited(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'slack_webapi_rate_limited_error';
}

const TRANSIENT_CODES = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/**
 * The one decision of which Slack failures are worth trying again: rate limits, HTTP 5xx and 429,
 * network errors and timeouts, and Slack's own "try later" codes. Any other `ok: false` answer
 * (channel archived, user gone, missing scope…) will be the same next time.
 */
export function isWorthRetrying(err: unknown): boolean {
  if (isRateLimited(err)) return true;
  const e = err as { code?: unknown; statusCode?: unknown } | undefined;
  if (e?.code === 'slack_webapi_http_error') return typeof e.statusCode !== 'number' || e.statusCode >= 500 || e.statusCode === 429;
  if (e?.code === 'slack_webapi_request_error') return true;
  const code = slackErrorCode(err);
  return code ? TRANSIENT_CODES.has(code) : true;
}

/** What a responder should read when a Slack call failed. */
export function describeSlackError(err: unknown): string {
  const code = slackErrorCode(err);
  if (isRateLimited(err)) return 'Slack is rate-limiting the bot right now';
  if (!code) return 'Slack did not answer in time';
  const known: Record<string, string> = {
    not_in_channel: 'the bot is not a member of that channel',
    channel_not_found: 'the channel was not found (is the bot invited?)',
    is_archived: 'the channel is archived',
    user_not_found: 'that user was not found',
    cant_invite: 'Slack would not let the bot invite that user',
    restricted_action: 'a workspace setting stops the bot from doing that',
    missing_scope: 'the app is missing a permission (reinstall it from manifest.json)',
    invalid_auth: 'the bot token was rejected',
    too_many_pins: 'the channel has too many pins',
  };
  return known[code] ? `${known[code]} (\`${code}\`)` : `Slack answered \`${code}\``;
}
