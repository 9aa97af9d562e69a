import { decodeJsonFields, parseApiArgs } from './body.js';
import type { Faults } from './faults.js';
import { METHOD_SPECS, type MethodSpec } from './method-specs.js';
import { ApiError, type MethodContext } from './methods/context.js';
import { METHOD_HANDLERS } from './methods/index.js';
import type { RateLimiter } from './rate-limits.js';
import type { WorkspaceState } from './state.js';
import type { RecordedCall } from './types.js';

export interface ApiDeps {
  state: WorkspaceState;
  url: string;
  botToken: string;
  scopes: ReadonlySet<string> | undefined;
  faults: Faults;
  /** Present only when tier limits are enforced. */
  limiter: RateLimiter | undefined;
  calls: RecordedCall[];
}

export interface ApiAnswer {
  /** Hold the answer this long (an injected `slow` fault). */
  delayMs?: number;
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * The error Slack gives for a missing required argument, where the method documents a specific one
 * (first match in the method's own error list wins); otherwise `invalid_arguments`.
 */
const MISSING_ARG_ERRORS: Record<string, string[]> = {
  name: ['invalid_name_required', 'invalid_name'],
  channel: ['channel_not_found'],
  channel_id: ['channel_not_found'],
  user: ['user_not_found'],
  users: ['no_user', 'users_list_not_supplied'],
  timestamp: ['no_item_specified', 'message_not_found'],
  ts: ['thread_not_found', 'message_not_found'],
  message_ts: ['message_not_found'],
  email: ['users_not_found'],
  usergroup: ['no_such_subteam'],
  filename: ['missing_argument'],
  length: ['missing_argument'],
};

function isMissing(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function missingArgError(spec: MethodSpec, args: Record<string, unknown>): ApiError | undefined {
  const missing = spec.required.find((a) => isMissing(args[a]));
  if (missing === undefined) return undefined;
  const code = (MISSING_ARG_ERRORS[missing] ?? []).find((c) => spec.errors.includes(c)) ?? 'invalid_arguments';
  return new ApiError(code, { response_metadata: { messages: [`[ERROR] missing required field: ${missing}`] } });
}

function tokenOf(authorization: string | undefined, args: Record<string, unknown>, isJson: boolean): string | undefined {
  const bearer = /^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1];
  if (bearer !== undefined) return bearer;
  // Slack reads `token` from form and query fields, never from a JSON body.
  return !isJson && typeof args.token === 'string' && args.token !== '' ? args.token : undefined;
}

function json(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): ApiAnswer {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body };
}

function answer(deps: ApiDeps, method: string, args: Record<string, unknown>): ApiAnswer {
  const spec = METHOD_SPECS[method];
  const handler = METHOD_HANDLERS[method];
  if (!spec || !handler) return json(200, { ok: false, error: 'unknown_method', req_method: method });

  if (deps.scopes && spec.botScopes.length > 0 && !spec.botScopes.some((s) => deps.scopes?.has(s))) {
    return json(200, { ok: false, error: 'missing_scope', needed: spec.botScopes.join(','), provided: [...deps.scopes].join(',') });
  }

  const fault = deps.faults.take(method);
  if (fault?.kind === 'http') return json(fault.status, { ok: false, error: `http_${fault.status}` });
  if (fault?.kind === 'ratelimited') {
    return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(fault.retryAfterSec) });
  }
  if (fault?.kind === 'error') return json(200, { ok: false, error: fault.error });

  if (deps.limiter) {
    const channel = typeof args.channel === 'string' ? args.channel : undefined;
    const retryAfter = deps.limiter.check(method, spec.tier, channel);
    if (retryAfter !== undefined) return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
  }

  const ctx: MethodContext = { state: deps.state, url: deps.url, scopes: deps.scopes };
  try {
    const missing = missingArgError(spec, args);
    if (missing) throw missing;
    const done = json(200, { ok: true, ...handler(ctx, args) });
    if (fault?.kind === 'lost') return json(fault.status, { ok: false, error: `http_${fault.status}` });
    if (fault?.kind === 'slow') return { ...done, delayMs: fault.ms };
    return done;
  } catch (err) {
    if (err instanceof ApiError) return json(200, { ok: false, error: err.code, ...err.extra });
    // A bug in the stand-in itself: answer like Slack's own failures, but keep the cause visible.
    const detail = err instanceof Error ? err.stack ?? err.message : String(err);
    console.error(`stand-in: ${method} crashed: ${detail}`);
    return json(200, { ok: false, error: 'internal_error', detail: String(err) });
  }
}

/** One Web API request, from raw body to the answer, recorded in `deps.calls`. */
export function handleApiCall(
  deps: ApiDeps,
  method: string,
  req: { contentType: string; authorization: string | undefined; query: URLSearchParams; body: Buffer },
): ApiAnswer {
  const parsed = parseApiArgs(req.contentType, req.body, req.query);
  const isJson = /^application\/json/i.test(req.contentType);
  let result: ApiAnswer;
  let recordedArgs: Record<string, unknown> = {};
  if (!parsed.ok) {
    result = json(200, { ok: false, error: parsed.error });
  } else {
    const args = decodeJsonFields(parsed.args);
    const token = tokenOf(req.authorization, args, isJson);
    delete args.token;
    recordedArgs = args;
    if (token === undefined) result = json(200, { ok: false, error: 'not_authed' });
    else if (token !== deps.botToken) result = json(200, { ok: false, error: 'invalid_auth' });
    else result = answer(deps, method, args);
  }
  const call: RecordedCall = { method, args: recordedArgs, ok: result.body.ok === true, status: result.status, at: deps.state.now() };
  if (typeof result.body.error === 'string') call.error = result.body.error;
  deps.calls.push(call);
  return result;
}
