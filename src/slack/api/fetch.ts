import { STATUS_CODES } from 'node:http';
import { Agent, request } from 'undici';
import { slackCallDuration, slackCallErrors } from '../../telemetry/metrics.js';
import { outgoingBody } from './outgoing.js';

/**
 * The `fetch` that @slack/web-api and Bolt's `respond` call, built on undici's `request`.
 * Node's global fetch builds WHATWG streams, a Request, an AbortSignal and a DOMException
 * for every call: measured here at ~240 µs of CPU a call against ~75 µs this way, and a
 * busy incident makes two such calls per note (the reply and the channel echo).
 * Bodies other than strings (the multipart form of a file upload) go to the global fetch.
 */

/** Keep-alive connections to Slack (or the stand-in), shared by every client of this process. */
const dispatcher = new Agent({ keepAliveTimeout: 30_000, keepAliveMaxTimeout: 300_000 });

/** Slack gets this long to send headers, and again for the body; web-api then reports a request_error. */
export const SLACK_CALL_TIMEOUT_MS = 5_000;
const UPLOAD_TIMEOUT_MS = 60_000;

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers || Array.isArray(headers)) return Object.fromEntries(new Headers(headers).entries());
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, typeof v === 'string' ? v : v.join(', ')]));
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const h = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) h.append(name, v);
    else h.set(name, value);
  }
  return h;
}

/** Slack answers `{"ok":false,"error":"…"}` with HTTP 200; only those bodies are parsed twice. */
function slackError(text: string): string | undefined {
  if (!text.includes('"ok":false')) return undefined;
  try {
    const b = JSON.parse(text) as { ok?: boolean; error?: unknown };
    return b.ok === false ? (typeof b.error === 'string' ? b.error : 'unknown') : undefined;
  } catch {
    return undefined;
  }
}

async function send(url: string | URL, method: string, init: RequestInit | undefined, body: string | undefined): Promise<Response> {
  const res = await request(url, {
    method: (init?.method ?? 'GET') as 'GET' | 'POST',
    headers: headerRecord(init?.headers),
    ...(body !== undefined ? { body } : {}),
    ...(init?.signal ? { signal: init.signal } : {}),
    dispatcher,
    headersTimeout: SLACK_CALL_TIMEOUT_MS,
    bodyTimeout: SLACK_CALL_TIMEOUT_MS,
  });
  const text = await res.body.text();
  const error = res.statusCode >= 400 ? `http_${res.statusCode}` : method === 'upload' ? undefined : slackError(text);
  if (error) slackCallErrors.inc({ method, error });
  return bodyRead(text, res.statusCode, responseHeaders(res.headers));
}

/**
 * A Response whose body is already read. Built with a null body and given its own readers,
 * because a Response built from text wraps it in a ReadableStream (~15 µs a call, in profiles);
 * its callers (web-api, Bolt's respond) only read status, headers and the body once.
 */
function bodyRead(text: string, status: number, headers: Headers): Response {
  const res = new Response(null, { status, statusText: STATUS_CODES[status] ?? '', headers });
  const encoded = (): ArrayBuffer => new TextEncoder().encode(text).buffer;
  Object.defineProperties(res, {
    text: { value: () => Promise.resolve(text) },
    json: { value: () => Promise.resolve(JSON.parse(text) as unknown) },
    arrayBuffer: { value: () => Promise.resolve(encoded()) },
    clone: { value: () => bodyRead(text, status, headers) },
  });
  return res;
}

/** `chat.postMessage` for Web API calls; anything else (response_url, upload URLs) counts as `upload`. */
function methodOf(url: string | URL): string {
  return /\/api\/([a-zA-Z.]+)/.exec(typeof url === 'string' ? url : url.href)?.[1] ?? 'upload';
}

/** Times every call by Slack method and counts failures by Slack error code, http_<status> or network. */
export const slackFetch: typeof fetch = async (input, init) => {
  const body = init?.body;
  const fast = !(input instanceof Request) && (body === undefined || body === null || typeof body === 'string');
  const method = methodOf(input instanceof Request ? input.url : input);
  const stop = slackCallDuration.startTimer({ method });
  try {
    // The escape boundary: what people will read is escaped here, on the way out (outgoing.ts).
    if (fast) return await send(input, method, init, body === undefined || body === null ? undefined : outgoingBody(method, body));
    // A file upload: a whole postmortem may take longer than an API call.
    const res = await fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(UPLOAD_TIMEOUT_MS) });
    if (!res.ok) slackCallErrors.inc({ method, error: `http_${res.status}` });
    return res;
  } catch (err) {
    slackCallErrors.inc({ method, error: 'network' });
    throw err;
  } finally {
    stop();
  }
};
