import { registerActionItemButtons } from '../slack/listeners/action-item-buttons.js';
import { actionItemStoreFor } from '../store/action-items.js';
import { actionItemDigestsProcessor, actionItemRemindersProcessor } from '../workers/action-items.js';
import type { Feature } from './feature.js';

/** Action items: reminder and digest processors, the Done/Snooze buttons, the card's open count. */
export const actionItems: Feature = {
  name: 'action items',
  processors: [actionItemRemindersProcessor, actionItemDigestsProcessor],
  interactions: registerActionItemButtons,
  async cardExtras(s, incident) {
    const store = actionItemStoreFor(s.redis);
    // An incident that never had items keeps a short card.
    if ((await store.countForIncident(incident.teamId, incident.number)) === 0) return {};
    return { fields: [{ label: 'Open action items', value: String(await store.countOpenForIncident(incident.teamId, incident.number)) }] };
  },
};
