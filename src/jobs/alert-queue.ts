import { z } from 'zod';
import { NormalizedAlert } from '../domain/alerts/alert.js';

/** One accepted POST /alerts/<route> (queue `alerts`): saved as a job before the sender gets its 202, so nothing accepted is lost. */
export const AlertJob = z.object({
  teamId: z.string(),
  route: z.string(),
  alerts: z.array(NormalizedAlert),
  receivedAt: z.number().int(),
});
export type AlertJob = z.infer<typeof AlertJob>;
