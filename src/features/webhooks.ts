import { webhooksProcessor } from '../workers/webhooks.js';
import type { Feature } from './feature.js';

/**
 * Events out: the delivery processor. Events are written with each change through the commit
 * hook the services install on the incident store (src/runtime/services.ts).
 */
export const webhooks: Feature = {
  name: 'webhooks',
  processors: [webhooksProcessor],
};
