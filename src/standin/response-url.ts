import { validateMessageBlocks } from './blocks.js';
import { isObject } from './limits.js';
import { brokenMarkupIn } from './markup.js';
import type { WorkspaceState } from './state.js';
import type { Json, ResponseUrlPost, ResponseUrlRecord } from './types.js';

/** "up to 5 times within 30 minutes" (Slack's slash-command docs). */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;

interface SinkAnswer {
  status: number;
  text: string;
}

function parse(body: Buffer): Json | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8'));
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** What Slack does with a valid response: edit or delete the original, or post a new (ephemeral) message. */
export function applyResponse(state: WorkspaceState, r: ResponseUrlRecord, body: Json): SinkAnswer {
  const original = r.message_ts === undefined ? undefined : state.findMessage(r.channel, r.message_ts);
  if (body.delete_original === true || body.delete_original === 'true') {
    if (original) state.removeMessage(r.channel, original.ts);
    return { status: 200, text: 'ok' };
  }
  const text = typeof body.text === 'string' ? body.text : '';
  let blocks: Json[] | undefined;
  if (body.blocks !== undefined) {
    const verdict = validateMessageBlocks(body.blocks);
    if (verdict) return { status: 400, text: verdict.error };
    blocks = (body.blocks as Json[]).length > 0 ? (body.blocks as Json[]) : undefined;
  }
  if (text === '' && !blocks) return { status: 400, text: 'no_text' };
  // Slack would show a `<…>` it cannot read broken; refuse it so tests notice (markup.ts).
  const broken = brokenMarkupIn({ text, blocks });
  if (broken.length > 0) {
    state.markupProblems.push({ where: 'response', broken, text });
    return { status: 400, text: 'broken_markup' };
  }
  if ((body.replace_original === true || body.replace_original === 'true') && original) {
    original.text = text;
    if (blocks) original.blocks = blocks;
    else delete original.blocks;
    return { status: 200, text: 'ok' };
  }
  const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
  if (body.response_type === 'in_channel') {
    state.addMessage({
      channel: r.channel,
      user: state.identity.botUserId,
      bot_id: state.identity.botId,
      text,
      ...(blocks ? { blocks } : {}),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  } else {
    state.ephemerals.push({
      channel: r.channel,
      user: r.user,
      text,
      ...(blocks ? { blocks } : {}),
      ts: state.nextTs(),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
  }
  return { status: 200, text: 'ok' };
}

/** POST /response/<id>: Bolt's respond() sends JSON without auth, and throws on anything but 2xx. */
export function handleResponsePost(state: WorkspaceState, responses: ResponseUrlPost[], id: string, body: Buffer): SinkAnswer {
  const r = state.responseUrls.get(id);
  if (!r) return { status: 404, text: 'no_such_url' };
  const parsed = parse(body);
  let result: SinkAnswer;
  if (!parsed) result = { status: 400, text: 'invalid_payload' };
  else if (state.now() - r.created > RESPONSE_URL_TTL_MS) result = { status: 404, text: 'expired_url' };
  else if (r.uses >= RESPONSE_URL_MAX_USES) result = { status: 404, text: 'used_url' };
  else result = applyResponse(state, r, parsed);
  if (result.status === 200) r.uses += 1;
  responses.push({ id, body: parsed ?? {}, status: result.status, at: state.now() });
  return result;
}
