import { pinEntryId } from '../domain/entries.js';
import { deletePinned, editPinned, pinMessage } from '../domain/notes.js';
import type { Services } from './context.js';
import { keys } from '../store/keys.js';
import { normalizeMentions, unescapeSlack } from '../slack/views/mrkdwn.js';
import { slackErrorCode } from '../slack/api/errors.js';

export const PIN_REACTION = 'pushpin';
/** The bot's "it's in the timeline" mark on a 📌'd message. */
export const RECORDED_REACTION = 'memo';

interface SlackMessage {
  ts?: string;
  text?: string;
  user?: string;
  bot_id?: string;
}

async function fetchMessage(s: Services, channel: string, ts: string): Promise<SlackMessage | undefined> {
  const history = await s.slack.conversations.history({ channel, latest: ts, inclusive: true, limit: 1 });
  const found = history.messages?.find((m) => m.ts === ts);
  if (found) return found;
  // A reply in a thread is not in the channel history; it is in its thread.
  const replies = await s.slack.conversations.replies({ channel, ts, limit: 1 }).catch(() => undefined);
  return replies?.messages?.find((m) => m.ts === ts);
}

/** 📌 on a message in an incident channel: record it at the message's own time, once. */
export async function recordPin(s: Services, team: string, channel: string, ts: string, pinnedBy: string): Promise<'recorded' | 'duplicate' | 'ignored'> {
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return 'ignored';
  if (await s.incidents.entry(team, number, pinEntryId(ts))) return 'duplicate';
  const message = await fetchMessage(s, channel, ts);
  if (!message) return 'ignored';
  const permalink = await s.slack.chat
    .getPermalink({ channel, message_ts: ts })
    .then((r) => r.permalink)
    .catch(() => undefined);
  const { changed } = await s.incidents.mutate(team, number, ({ incident }) => {
    if (incident.status === 'closed') return { result: undefined };
    const { incident: next, entry } = pinMessage(incident, {
      channel,
      ts,
      text: normalizeMentions(unescapeSlack(message.text ?? '')),
      messageAuthor: message.user,
      permalink,
      pinnedBy,
      now: s.now(),
    });
    // The guard makes a redelivered event or a second 📌 a no-op even if both race past the check above.
    return { change: { incident: next, add: [entry], guards: [{ absent: { key: keys.timeline(team, number), field: entry.id } }] }, result: undefined };
  });
  if (!changed) return 'duplicate';
  await s.slack.reactions.add({ channel, timestamp: ts, name: RECORDED_REACTION }).catch((err: unknown) => {
    if (slackErrorCode(err) !== 'already_reacted') s.log.warn('could not confirm pin with a reaction', { err });
  });
  return 'recorded';
}

/** Removing the last 📌 takes the message out of the timeline. */
export async function unrecordPin(s: Services, team: string, channel: string, ts: string): Promise<boolean> {
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return false;
  const id = pinEntryId(ts);
  if (!(await s.incidents.entry(team, number, id))) return false;
  const stillPinned = await s.slack.reactions
    .get({ channel, timestamp: ts, full: true })
    .then((r) => r.message?.reactions?.some((x) => x.name === PIN_REACTION && (x.count ?? 0) > 0) ?? false)
    .catch(() => false);
  if (stillPinned) return false;
  const { changed } = await s.incidents.mutate(team, number, ({ incident }) => ({ change: { incident: { ...incident, updatedAt: s.now() }, remove: [id] }, result: undefined }));
  await s.slack.reactions.remove({ channel, timestamp: ts, name: RECORDED_REACTION }).catch(() => undefined);
  return changed;
}

/** Keeps a 📌'd entry true to Slack when its message is edited or deleted. */
export async function followPinnedMessage(s: Services, team: string, channel: string, ts: string, edit: { newText: string } | 'deleted'): Promise<boolean> {
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return false;
  const entry = await s.incidents.entry(team, number, pinEntryId(ts));
  if (!entry) return false;
  const next = edit === 'deleted' ? deletePinned(entry) : editPinned(entry, normalizeMentions(unescapeSlack(edit.newText)));
  if (!next) return false;
  const result = await s.incidents.mutate(team, number, ({ incident }) => ({ change: { incident: { ...incident, updatedAt: s.now() }, replace: [next] }, result: undefined }));
  return result.changed;
}
