import { z } from 'zod';

/** One Events API v2 event for one PagerDuty service (queue `pagerduty`): sent by the worker, retried on 429 and 5xx. */
export const PagerDutyJob = z.object({
  teamId: z.string(),
  incident: z.number().int(),
  level: z.number().int(),
  routingKey: z.string(),
  action: z.enum(['acknowledge', 'resolve']),
});
export type PagerDutyJob = z.infer<typeof PagerDutyJob>;
