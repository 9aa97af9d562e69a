import { mentionedUsers } from '../domain/entries.js';
import type { Incident } from '../domain/incident.js';
import { cardBlocks, cardFallbackText, topicText } from '../slack/views/card.js';
import type { Services } from './context.js';
import { cardExtrasFor } from './hooks.js';
import { withSlot } from './slack-budget.js';

export async function renderTopic(s: Services, incident: Incident): Promise<string> {
  const ids = [...(incident.roles.commander ? [incident.roles.commander] : []), ...mentionedUsers(incident.title)];
  return topicText(incident, await s.directory.names(ids));
}

export async function updateCard(s: Services, incident: Incident): Promise<void> {
  const { channelId, cardTs } = incident.setup;
  if (!channelId || !cardTs) return;
  await s.slack.chat.update({
    channel: channelId,
    ts: cardTs,
    text: cardFallbackText(incident),
    blocks: cardBlocks(incident, await cardExtrasFor(s, incident)),
  });
}

/** setTopic is tier 2, like a declare's: it takes a slot of the same shared budget (a wait throws SlackWait, and the re-draw job waits). */
export async function updateTopic(s: Services, incident: Incident): Promise<void> {
  const channel = incident.setup.channelId;
  if (!channel) return;
  const topic = await renderTopic(s, incident);
  // One slot per state of the incident: the re-draw job that waited for it finds it again.
  await withSlot(s, incident.teamId, 'conversations.setTopic', () => s.slack.conversations.setTopic({ channel, topic }), { slot: `topic:${incident.number}:${incident.updatedAt}` });
}

/**
 * After a saved change: re-draw the card, and the topic only when its text changed (every
 * setTopic posts a notice in the channel). A Slack failure here never un-saves the change;
 * a job re-draws both later.
 */
export async function refreshSurfaces(s: Services, before: Incident | undefined, after: Incident): Promise<void> {
  try {
    const topicChanged = !before || (await renderTopic(s, before)) !== (await renderTopic(s, after));
    await Promise.all([updateCard(s, after), topicChanged ? updateTopic(s, after) : Promise.resolve()]);
  } catch (err) {
    s.log.warn('could not refresh incident surfaces; queued a retry', { incident: after.number, err });
    await s.queues.resyncSurfaces({ teamId: after.teamId, incident: after.number }).catch((e: unknown) => {
      s.log.error('could not queue surfaces retry', { err: e });
    });
  }
}

