import { DeliverJob, EscalateJob, PAGING_QUEUE, ReminderJob, runEscalationTimer, TIMER_CONCURRENCY, TIMER_QUEUE } from './jobs/escalation.js';
import { addProcessor } from './jobs/worker.js';
import { onDeclared } from './slack/declare-flow.js';
import { registerEscalationButtons } from './slack/escalation-buttons.js';
import { onIncidentStatusChanged, startIncidentEscalation } from './slack/escalation-flows.js';
import { addActionListeners } from './slack/listeners/actions.js';
import { pagingLines } from './slack/paging-card.js';
import { deliverPage } from './slack/paging.js';
import { onStatusChanged } from './slack/status-hooks.js';
import { runReminderTimer } from './slack/status-reminders.js';
import { registerCardExtras } from './slack/surfaces.js';

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
