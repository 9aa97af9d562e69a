import { DeliverJob, EscalateJob, PAGING_QUEUE, ReminderJob, runEscalationTimer, TIMER_CONCURRENCY, TIMER_QUEUE } from '../app/escalation-timers.js';
import { addProcessor } from '../workers/index.js';
import { onDeclared } from '../app/declare.js';
import { registerEscalationButtons } from '../slack/listeners/escalation-buttons.js';
import { onIncidentStatusChanged, startIncidentEscalation } from '../app/escalation.js';
import { addActionListeners } from '../slack/listeners/actions.js';
import { pagingLines } from '../slack/views/paging-card.js';
import { deliverPage } from '../app/paging.js';
import { onStatusChanged } from '../app/status-hooks.js';
import { runReminderTimer } from '../app/status-reminders.js';
import { registerCardExtras } from '../app/surfaces.js';

/**
 * Escalation: page level 1 at declare, stop everything when resolved, timers in the worker,
 * Acknowledge / Snooze / Post update buttons, and the paging lines on the pinned card.
 */

onDeclared(startIncidentEscalation);
onStatusChanged(onIncidentStatusChanged);

addProcessor((s) => ({
  queue: TIMER_QUEUE,
  concurrency: TIMER_CONCURRENCY,
  processor: async (job) => {
    if (job.name === 'escalate') await runEscalationTimer(s, EscalateJob.parse(job.data));
    else if (job.name === 'remind') await runReminderTimer(s, ReminderJob.parse(job.data));
  },
}));

addProcessor((s) => ({
  queue: PAGING_QUEUE,
  concurrency: 10,
  processor: async (job) => {
    await deliverPage(s, DeliverJob.parse(job.data));
  },
}));

addActionListeners(registerEscalationButtons);

registerCardExtras(async (_s, incident) => {
  const paging = pagingLines(incident);
  return paging ? { paging } : {};
});
