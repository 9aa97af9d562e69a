import { z } from 'zod';
import { WebhookEvent } from '../domain/webhook-events.js';

/** One event to one endpoint (queue `webhooks`); retried with doubling delays for about a day. */
export const WebhookJob = z.object({
  teamId: z.string(),
  endpoint: z.string(),
  event: WebhookEvent,
});
export type WebhookJob = z.infer<typeof WebhookJob>;
