import { slackFetch } from './fetch.js';

/**
 * Posts an ephemeral message to a slash command's or button's response_url from outside the
 * request (a job), through the same fetch and escape boundary as Bolt's `respond`. Slack takes
 * up to 5 posts within 30 minutes; past that it refuses, and this throws so the caller can say it
 * another way.
 */
export async function postToResponseUrl(url: string, text: string): Promise<void> {
  const res = await slackFetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
  });
  if (!res.ok) throw new Error(`the response_url refused the message (HTTP ${res.status}: ${(await res.text()).slice(0, 100)})`);
}
