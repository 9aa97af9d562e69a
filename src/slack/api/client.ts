import { LogLevel, WebClient, type WebClientOptions } from '@slack/web-api';
import type { Logger } from '../../telemetry/log.js';
import { slackFetch } from './fetch.js';
import { slackLogger } from './logger.js';

/**
 * web-api's defaults are no timeout and ten retries over about thirty minutes: fine for a
 * batch job, wrong for someone waiting on a slash command. Interactive calls fail fast and
 * say so; jobs get their retries from BullMQ, where they survive a restart.
 */
export function slackClientOptions(apiUrl: string, log?: Logger): WebClientOptions {
  return {
    ...(log ? { logger: slackLogger(log.child({ source: 'web-api' })), logLevel: LogLevel.WARN } : {}),
    slackApiUrl: apiUrl,
    // The timeout is slackFetch's (SLACK_CALL_TIMEOUT_MS): web-api's own builds an AbortSignal and a DOMException per call.
    timeout: 0,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: slackFetch,
  };
}

export function createSlackClient(token: string, apiUrl: string, log?: Logger): WebClient {
  return new WebClient(token, slackClientOptions(apiUrl, log));
}
