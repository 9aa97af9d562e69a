import { WebClient, type WebClientOptions } from '@slack/web-api';
import { instrumentedFetch } from '../metrics.js';

/**
 * web-api's defaults are no timeout and ten retries over about thirty minutes: fine for a
 * batch job, wrong for someone waiting on a slash command. Interactive calls fail fast and
 * say so; jobs get their retries from BullMQ, where they survive a restart.
 */
export function slackClientOptions(apiUrl: string): WebClientOptions {
  return {
    slackApiUrl: apiUrl,
    timeout: 5_000,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    fetch: instrumentedFetch(),
  };
}

export function createSlackClient(token: string, apiUrl: string): WebClient {
  return new WebClient(token, slackClientOptions(apiUrl));
}
