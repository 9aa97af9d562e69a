import { pinEntryId } from '../domain/entries.js';
import { commentOnPinned, deletePinned, editPinned, pinMessage } from '../domain/notes.js';
import { catchupOnJoin } from './catchup.js';
import type { Services } from './context.js';
import { keys } from '../store/keys.js';
import { normalizeMentions, unescapeSlack } from '../slack/views/mrkdwn.js';
import type { SlackEventJob } from '../jobs/queues.js';
import { isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';

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
  try {
    // Slack puts the thread's parent first whatever the range, so the reply is the second message.
    const replies = await s.slack.conversations.replies({ channel, ts, oldest: ts, latest: ts, inclusive: true, limit: 2 });
    return replies.messages?.find((m) => m.ts === ts);
  } catch (err) {
    // Gone (deleted, or no such thread) is an answer; Slack failing is not, and the caller retries.
    if (isWorthRetrying(err)) throw err;
    return undefined;
  }
}

/** 📌 on a message in an incident channel: record it at the message's own time, once. */
export async function recordPin(
  s: Services,
  team: string,
  channel: string,
  ts: string,
  pinnedBy: string,
  source: 'reaction' | 'shortcut' = 'reaction',
): Promise<'recorded' | 'duplicate' | 'ignored'> {
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return 'ignored';
  if (await s.incidents.entry(team, number, pinEntryId(ts))) return 'duplicate';
  const message = await fetchMessage(s, channel, ts);
  if (!message) return 'ignored';
  const permalink = await s.slack.chat
    .getPermalink({ channel, message_ts: ts })
    .then((r) => r.permalink)
    .catch((err: unknown) => {
      // The entry is worth more than its link: only a failure worth retrying stops the pin.
      if (isWorthRetrying(err)) throw err;
      return undefined;
    });
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
      source,
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
  // Not knowing whether someone still pins it is no reason to take it out: a failure throws, and the event is retried.
  const reactions = await s.slack.reactions.get({ channel, timestamp: ts, full: true });
  const stillPinned = reactions.message?.reactions?.some((x) => x.name === PIN_REACTION && (x.count ?? 0) > 0) ?? false;
  if (stillPinned) return false;
  const { changed } = await s.incidents.mutate(team, number, ({ incident }) => ({ change: { incident: { ...incident, updatedAt: s.now() }, remove: [id] }, result: undefined }));
  await s.slack.reactions.remove({ channel, timestamp: ts, name: RECORDED_REACTION }).catch((err: unknown) => {
    if (slackErrorCode(err) !== 'no_reaction') s.log.warn('could not take back the recorded mark', { channel, ts, err });
  });
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

/** Acts on one 📌 or message event; throws when Slack failed in a way worth retrying. */
export async function applySlackEvent(s: Services, e: SlackEventJob): Promise<void> {
  switch (e.kind) {
    case 'pin-added':
      await recordPin(s, e.teamId, e.channel, e.ts, e.user);
      return;
    case 'pin-removed':
      await unrecordPin(s, e.teamId, e.channel, e.ts);
      return;
    case 'message-edited':
      await followPinnedMessage(s, e.teamId, e.channel, e.ts, { newText: e.text });
      return;
    case 'message-deleted':
      await followPinnedMessage(s, e.teamId, e.channel, e.ts, 'deleted');
      return;
    case 'member-joined':
      await catchupOnJoin(s, e.teamId, e.channel, e.user, e.botUser);
  }
}

/** A comment from the "Add to timeline" form, kept with the message's entry. */
export async function commentOnRecordedMessage(s: Services, team: string, number: number, ts: string, by: string, text: string): Promise<boolean> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const loaded = await s.incidents.load(team, number);
    const entry = await s.incidents.entry(team, number, pinEntryId(ts));
    if (!loaded || !entry) return false;
    const next = commentOnPinned(entry, { by, text, at: s.now() });
    if (!next) return false;
    // The version is bumped so two comments at once cannot both write from the same copy of the entry.
    const saved = await s.incidents.save(loaded.version, { incident: { ...loaded.incident, updatedAt: s.now() }, replace: [next] });
    if (saved.ok) return true;
  }
  return false;
}
