import { digestProcessor } from '../app/action-item-digest.js';
import { ActionQueue, refreshDigestSchedules } from '../jobs/action-item-queues.js';
import { reminderProcessor } from '../app/action-item-reminders.js';
import { addProcessor } from '../workers/index.js';
import { registerActionButtons } from '../slack/listeners/action-item-buttons.js';
import { addActionListeners } from '../slack/listeners/actions.js';
import { registerCardExtras } from '../app/surfaces.js';
import { actionStoreFor } from '../store/action-items.js';

/** Action items: reminder and digest processors, the Done/Snooze buttons, the card's open count. */

addProcessor((s) => ({ queue: ActionQueue.reminders, processor: reminderProcessor(s) }));

addProcessor((s) => {
  // Schedulers made under an older digest hour or zone follow the current settings.
  refreshDigestSchedules(s).catch((err: unknown) => s.log.warn('could not refresh action digest schedules', { err }));
  return { queue: ActionQueue.digests, processor: digestProcessor(s) };
});

addActionListeners(registerActionButtons);

registerCardExtras(async (s, incident) => {
  const store = actionStoreFor(s.redis);
  // An incident that never had items keeps a short card.
  if ((await store.countForIncident(incident.teamId, incident.number)) === 0) return {};
  return { openActions: await store.countOpenForIncident(incident.teamId, incident.number) };
});
