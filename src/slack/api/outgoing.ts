import { forSlack, forSlackPayload } from './escape.js';

/**
 * Where the escape boundary sits on the wire: every Web API call and every response_url post
 * leaves through slackFetch, which hands its body here. Only the fields Slack renders as
 * mrkdwn are touched; ids, button values and metadata go out as they came.
 */
const FORM_TEXT = new Set(['text', 'initial_comment']);
const FORM_JSON = new Set(['blocks', 'attachments', 'view']);

/** Web API methods whose arguments Slack shows to people as mrkdwn. */
const SHOWN = new Set([
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.scheduleMessage',
  'views.open',
  'views.push',
  'views.update',
  'views.publish',
  'files.completeUploadExternal',
]);

function jsonField(value: string): string {
  try {
    return JSON.stringify(forSlackPayload(JSON.parse(value) as unknown));
  } catch {
    return value;
  }
}

/** A form-encoded Web API body, with its mrkdwn escaped; other methods are not looked at. */
function formBody(body: string): string {
  const form = new URLSearchParams(body);
  for (const [k, v] of form) {
    if (FORM_TEXT.has(k)) form.set(k, forSlack(v));
    else if (FORM_JSON.has(k)) form.set(k, jsonField(v));
  }
  return form.toString();
}

/**
 * @param method the Slack method (`chat.postMessage`), or `upload` for other URLs: a
 *   response_url post (JSON) or a file's bytes (left alone)
 */
export function outgoingBody(method: string, body: string): string {
  // A form body encodes `<`, `>` and `&` inside values (a bare `&` separates fields): when none
  // is there, nothing could be markup and the body goes out as it came.
  if (SHOWN.has(method)) return /%3C|%3E|%26/i.test(body) ? formBody(body) : body;
  // response_url posts are JSON (Bolt's respond); a file's bytes never reach here as a string.
  if (method === 'upload' && body.startsWith('{') && /[<>&]/.test(body)) return jsonField(body);
  return body;
}
