import { randomBytes } from 'node:crypto';
import { validateView } from '../blocks.js';
import { viewJson } from '../format.js';
import type { WorkspaceState } from '../state.js';
import type { Json, TriggerRecord, ViewRecord } from '../types.js';
import { type Args, type MethodContext, type MethodHandler, fail, str } from './context.js';

/** A trigger_id is good for 3 seconds, once (api.slack.com/docs/triggers). */
export const TRIGGER_TTL_MS = 3000;
/** A root modal plus two pushed views. */
const MAX_STACK = 3;

function newHash(state: WorkspaceState): string {
  return `${state.nowSec()}.${randomBytes(4).toString('hex')}`;
}

/** Views that are open on one modal stack, root first. */
export function viewStack(state: WorkspaceState, rootId: string): ViewRecord[] {
  return [...state.views.values()].filter((v) => v.root_view_id === rootId && !v.closed);
}

export function createView(
  state: WorkspaceState,
  a: { view: Json; user: string; triggerId: string; parent?: ViewRecord },
): ViewRecord {
  const id = state.newId('V0');
  const record: ViewRecord = {
    id,
    trigger_id: a.triggerId,
    user: a.user,
    view: a.view,
    hash: newHash(state),
    root_view_id: a.parent?.root_view_id ?? id,
    previous_view_id: a.parent?.id ?? null,
    closed: false,
  };
  if (typeof a.view.external_id === 'string' && a.view.external_id !== '') record.external_id = a.view.external_id;
  state.views.set(id, record);
  return record;
}

export function replaceView(state: WorkspaceState, record: ViewRecord, view: Json): void {
  record.view = view;
  record.hash = newHash(state);
  if (typeof view.external_id === 'string' && view.external_id !== '') record.external_id = view.external_id;
}

/** Checks a trigger without spending it, so a bad view does not burn the user's click. */
function usableTrigger(ctx: MethodContext, args: Args): TriggerRecord {
  const id = str(args, 'trigger_id') ?? str(args, 'interactivity_pointer');
  if (id === undefined || id === '') {
    fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: trigger_id'] } });
  }
  const t = ctx.state.triggers.get(id);
  if (!t) fail('invalid_trigger_id');
  if (t.used) fail('exchanged_trigger_id');
  if (ctx.state.now() - t.issued_at > TRIGGER_TTL_MS) fail('expired_trigger_id');
  return t;
}

function checkedView(ctx: MethodContext, args: Args, except?: ViewRecord): Json {
  const verdict = validateView(args.view);
  if (verdict) fail(verdict.error, verdict.messages.length > 0 ? { response_metadata: { messages: verdict.messages } } : {});
  const view = args.view as Json;
  const ext = view.external_id;
  if (typeof ext === 'string' && ext !== '') {
    for (const v of ctx.state.views.values()) if (v !== except && v.external_id === ext && !v.closed) fail('duplicate_external_id');
  }
  return view;
}

export const viewsMethods: Record<string, MethodHandler> = {
  'views.open': (ctx, args) => {
    const trigger = usableTrigger(ctx, args);
    const view = checkedView(ctx, args);
    trigger.used = true;
    const record = createView(ctx.state, { view, user: trigger.user, triggerId: trigger.id });
    return { view: viewJson(ctx.state, record) };
  },

  'views.push': (ctx, args) => {
    const trigger = usableTrigger(ctx, args);
    const parent = trigger.view_id === undefined ? undefined : ctx.state.views.get(trigger.view_id);
    if (!parent || parent.closed) fail('not_found');
    if (viewStack(ctx.state, parent.root_view_id).length >= MAX_STACK) fail('push_limit_reached');
    const view = checkedView(ctx, args);
    trigger.used = true;
    const record = createView(ctx.state, { view, user: trigger.user, triggerId: trigger.id, parent });
    return { view: viewJson(ctx.state, record) };
  },

  'views.update': (ctx, args) => {
    const viewId = str(args, 'view_id');
    const externalId = str(args, 'external_id');
    const record = [...ctx.state.views.values()].find(
      (v) => !v.closed && ((viewId !== undefined && v.id === viewId) || (externalId !== undefined && v.external_id === externalId)),
    );
    if (!record) fail('not_found');
    const hash = str(args, 'hash');
    if (hash !== undefined && hash !== '' && hash !== record.hash) fail('hash_conflict');
    replaceView(ctx.state, record, checkedView(ctx, args, record));
    return { view: viewJson(ctx.state, record) };
  },
};
