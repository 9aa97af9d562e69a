import { firingAlertsText } from '../app/alerts/on-incident.js';
import { registerAlertButtons } from '../slack/listeners/alert-buttons.js';
import { alertsProcessor } from '../workers/alerts.js';
import type { Feature } from './feature.js';

/**
 * Alerts in: the worker routes accepted payloads (the web process only saves them, see
 * src/http/alerts.ts), the triage and "All alerts resolved" buttons, and the card's alert list.
 */
export const alerts: Feature = {
  name: 'alerts',
  processors: [alertsProcessor],
  interactions: registerAlertButtons,
  async cardExtras(s, incident) {
    const text = await firingAlertsText(s, incident);
    return text ? { sections: [{ label: 'Alerts', text }] } : {};
  },
};
