import { messageJson } from './format.js';
import { base, payloadBody } from './slack-interactions.js';
import { FORM, type SlackSideDeps, channelName, knownChannel, signedPost } from './slack-side.js';
import type { EventResult, Json } from './types.js';

/** A person choosing a message shortcut (⋯ → "Add to timeline") on a message: Slack's `message_action` payload. */
export async function messageShortcut(
  deps: SlackSideDeps,
  a: { user: string; channel: string; messageTs: string; callbackId: string },
): Promise<EventResult> {
  const { state } = deps;
  const channel = knownChannel(state, a.channel);
  const message = state.findMessage(channel.id, a.messageTs);
  if (!message) throw new Error(`stand-in: no message ${a.messageTs} in ${channel.id}`);
  const trigger = state.issueTrigger(a.user);
  const r = state.issueResponseUrl(deps.standinUrl, channel.id, a.user);
  const payload: Json = {
    type: 'message_action',
    ...base(deps, a.user),
    callback_id: a.callbackId,
    trigger_id: trigger.id,
    action_ts: `${(state.now() / 1000).toFixed(6)}`,
    message_ts: message.ts,
    response_url: r.url,
    channel: { id: channel.id, name: channelName(channel) },
    message: messageJson(state, message),
  };
  const res = await signedPost(deps, undefined, payloadBody(payload), FORM);
  return { delivered: true, status: res.status, body: res.body, ms: res.ms, triggerId: trigger.id, responseUrl: r.url };
}
