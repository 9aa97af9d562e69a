import { onIncidentStatusChanged, startIncidentEscalation } from '../app/escalation.js';
import { pagingLines } from '../slack/views/paging-card.js';
import { registerEscalationButtons } from '../slack/listeners/escalation-buttons.js';
import { escalationTimersProcessor } from '../workers/escalation-timers.js';
import { pagingProcessor } from '../workers/paging.js';
import type { Feature } from './feature.js';

/**
 * Escalation: page level 1 at declare, stop everything when resolved, timers in the worker,
 * Acknowledge / Snooze / Post update buttons, and the paging lines on the pinned card.
 */
export const escalation: Feature = {
  name: 'escalation',
  processors: [escalationTimersProcessor, pagingProcessor],
  interactions: registerEscalationButtons,
  onDeclared: startIncidentEscalation,
  onStatusChanged: onIncidentStatusChanged,
  async cardExtras(_s, incident) {
    const paging = pagingLines(incident);
    return paging ? { sections: [{ label: 'Escalation', text: paging }] } : {};
  },
};
