import { randomBytes } from 'node:crypto';
import { validateView } from './blocks.js';
import { messageJson, viewJson } from './format.js';
import { isObject } from './limits.js';
import { createView, replaceView, viewStack } from './methods/views.js';
import { FORM, type SlackSideDeps, channelName, knownChannel, knownUser, signedPost, userRef } from './slack-side.js';
import type { WorkspaceState } from './state.js';
import type { ClickButton, EventResult, Json, ViewRecord, ViewSubmitResult } from './types.js';

function openView(state: WorkspaceState, viewId: string): ViewRecord {
  const v = state.views.get(viewId);
  if (!v || v.closed) throw new Error(`stand-in: view ${viewId} is not open`);
  return v;
}

function blocksOf(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

/** The button a human can see: a person cannot click what the message does not show. */
function findButton(blocks: Json[], actionId: string, blockId?: string): { block: Json; element: Json } {
  for (const block of blocks) {
    if (blockId !== undefined && block.block_id !== blockId) continue;
    const candidates = [...blocksOf(block.elements), ...(isObject(block.accessory) ? [block.accessory] : [])];
    const element = candidates.find((e) => e.action_id === actionId);
    if (element) {
      if (element.type !== 'button') throw new Error(`stand-in: ${actionId} is a ${String(element.type)}, not a button`);
      return { block, element };
    }
  }
  throw new Error(`stand-in: no button with action_id ${actionId}${blockId ? ` in block ${blockId}` : ''} is shown there`);
}

export function payloadBody(payload: Json): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function base(deps: SlackSideDeps, user: string): Json {
  const { state } = deps;
  return {
    user: userRef(state, knownUser(state, user)),
    api_app_id: state.identity.appId,
    token: deps.verificationToken,
    team: { id: state.identity.teamId, domain: state.identity.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
  };
}

export async function clickButton(deps: SlackSideDeps, a: ClickButton): Promise<EventResult> {
  const { state } = deps;
  const payload: Json = { type: 'block_actions', ...base(deps, a.user), state: { values: {} } };
  let blocks: Json[];
  let responseUrl: string | undefined;
  let viewId: string | undefined;
  if (a.viewId !== undefined) {
    const v = openView(state, a.viewId);
    viewId = v.id;
    blocks = blocksOf(v.view.blocks);
    payload.container = { type: 'view', view_id: v.id };
    payload.view = viewJson(state, v);
  } else {
    if (a.channel === undefined || a.messageTs === undefined) throw new Error('stand-in: clickButton needs viewId, or channel and messageTs');
    const channel = knownChannel(state, a.channel);
    const message = state.findMessage(channel.id, a.messageTs);
    const ephemeral = state.ephemerals.find((e) => e.channel === channel.id && e.ts === a.messageTs && e.user === a.user);
    if (!message && !ephemeral) throw new Error(`stand-in: no message ${a.messageTs} in ${channel.id} that ${a.user} can see`);
    blocks = blocksOf(message?.blocks ?? ephemeral?.blocks);
    const r = state.issueResponseUrl(deps.standinUrl, channel.id, a.user, message?.ts);
    responseUrl = r.url;
    payload.container = { type: 'message', message_ts: a.messageTs, channel_id: channel.id, is_ephemeral: !message };
    payload.channel = { id: channel.id, name: channelName(channel) };
    payload.message = message
      ? messageJson(state, message)
      : { type: 'message', ts: a.messageTs, text: ephemeral?.text, blocks: ephemeral?.blocks };
    payload.response_url = r.url;
  }
  const { block, element } = findButton(blocks, a.actionId, a.blockId);
  const trigger = state.issueTrigger(a.user, viewId);
  payload.trigger_id = trigger.id;
  const action: Json = {
    type: 'button',
    action_id: a.actionId,
    // Slack invents a block_id when the app left it out; the app sees that invented one.
    block_id: typeof block.block_id === 'string' ? block.block_id : randomBytes(3).toString('hex'),
    text: element.text,
    action_ts: `${(state.now() / 1000).toFixed(6)}`,
  };
  const value = a.value ?? element.value;
  if (value !== undefined) action.value = value;
  if (element.style !== undefined) action.style = element.style;
  payload.actions = [action];
  const res = await signedPost(deps, undefined, payloadBody(payload), FORM);
  const result: EventResult = { delivered: true, status: res.status, body: res.body, ms: res.ms, triggerId: trigger.id };
  if (responseUrl !== undefined) result.responseUrl = responseUrl;
  return result;
}

/** An input element's state when the user left it empty, as Slack reports it. */
function emptyValue(element: Json): Json {
  const type = String(element.type);
  if (type.startsWith('multi_') || type === 'checkboxes') {
    const key = type === 'checkboxes' || type === 'multi_static_select' || type === 'multi_external_select' ? 'selected_options' : `selected_${type.replace(/^multi_|_select$/g, '')}`;
    return { type, [key]: [] };
  }
  const single: Record<string, string> = {
    plain_text_input: 'value',
    email_text_input: 'value',
    url_text_input: 'value',
    number_input: 'value',
    static_select: 'selected_option',
    external_select: 'selected_option',
    radio_buttons: 'selected_option',
    users_select: 'selected_user',
    conversations_select: 'selected_conversation',
    channels_select: 'selected_channel',
    datepicker: 'selected_date',
    timepicker: 'selected_time',
    datetimepicker: 'selected_date_time',
  };
  return { type, [single[type] ?? 'value']: null };
}

function isEmpty(v: Json): boolean {
  return Object.entries(v).every(([k, x]) => k === 'type' || x === null || x === '' || (Array.isArray(x) && x.length === 0));
}

/** state.values for every input block, as Slack's client builds it; refuses what Slack's client would refuse. */
function submittedValues(v: ViewRecord, given: Record<string, Record<string, unknown>>): Json {
  const inputs = blocksOf(v.view.blocks)
    .filter((b) => b.type === 'input')
    .map((b, i) => {
      const element = isObject(b.element) ? b.element : {};
      return {
        blockId: typeof b.block_id === 'string' ? b.block_id : `block_${i}`,
        actionId: typeof element.action_id === 'string' ? element.action_id : `action_${i}`,
        element,
        optional: b.optional === true,
      };
    });
  for (const key of Object.keys(given)) {
    if (!inputs.some((x) => x.blockId === key)) throw new Error(`stand-in: view ${v.id} has no input block ${key}`);
  }
  const values: Json = {};
  for (const { blockId, actionId, element, optional } of inputs) {
    const supplied = given[blockId];
    for (const key of Object.keys(supplied ?? {})) {
      if (key !== actionId) throw new Error(`stand-in: input ${blockId} has action_id ${actionId}, not ${key}`);
    }
    const raw = supplied?.[actionId];
    const entry: Json = isObject(raw) ? { type: element.type, ...raw } : emptyValue(element);
    if (isEmpty(entry) && !optional) {
      throw new Error(`stand-in: Slack would not submit view ${v.id}: required input ${blockId} is empty`);
    }
    values[blockId] = { [actionId]: entry };
  }
  return values;
}

/** What Slack does with the app's answer to a submission (response_action or an empty 200). */
function applyAck(state: WorkspaceState, v: ViewRecord, status: number, body: unknown, triggerId: string): void {
  if (status !== 200) return;
  const action = isObject(body) ? body.response_action : undefined;
  if (action === 'errors') return;
  if (action === 'update' && isObject(body) && validateView(body.view) === undefined) return replaceView(state, v, body.view as Json);
  if (action === 'push' && isObject(body) && validateView(body.view) === undefined) {
    createView(state, { view: body.view as Json, user: v.user, triggerId, parent: v });
    return;
  }
  if (action === 'clear') {
    for (const x of viewStack(state, v.root_view_id)) x.closed = true;
    return;
  }
  // A plain ack closes the submitted view and shows the one under it.
  v.closed = true;
}

export async function submitView(
  deps: SlackSideDeps,
  a: { user: string; viewId: string; values: Record<string, Record<string, unknown>> },
): Promise<ViewSubmitResult> {
  const { state } = deps;
  const v = openView(state, a.viewId);
  if (v.user !== a.user) throw new Error(`stand-in: view ${v.id} was opened for ${v.user}, not ${a.user}`);
  const values = submittedValues(v, a.values);
  const trigger = state.issueTrigger(a.user, v.id);
  const payload: Json = {
    type: 'view_submission',
    ...base(deps, a.user),
    trigger_id: trigger.id,
    view: { ...viewJson(state, v), state: { values } },
    response_urls: [],
  };
  const res = await signedPost(deps, undefined, payloadBody(payload), FORM);
  let body: unknown;
  if (res.body.trim() !== '') {
    try {
      body = JSON.parse(res.body);
    } catch {
      body = res.body;
    }
  }
  applyAck(state, v, res.status, body, trigger.id);
  return { status: res.status, body, raw: res.body, ms: res.ms, triggerId: trigger.id };
}
