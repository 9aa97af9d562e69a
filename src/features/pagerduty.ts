import { onStatusForPagerDuty } from '../app/pagerduty-events.js';
import { pagerDutyProcessor } from '../workers/pagerduty.js';
import type { Feature } from './feature.js';

/**
 * PagerDuty as an escalation target: acknowledge and resolve events go out from the worker; the
 * trigger goes with the page's delivery (src/app/paging.ts), and the v3 webhook comes in at
 * POST /integrations/pagerduty (src/http/pagerduty.ts).
 */
export const pagerDuty: Feature = {
  name: 'pagerduty',
  processors: [pagerDutyProcessor],
  onStatusChanged: onStatusForPagerDuty,
};
