import type { AppHooks } from '../app/hooks.js';
import type { Interactions } from '../slack/listeners/routes.js';
import { declareSetupProcessor } from '../workers/declare-setup.js';
import { slackEventsProcessor } from '../workers/slack-events.js';
import { surfacesProcessor } from '../workers/surfaces.js';
import type { QueueProcessor } from '../workers/processor.js';
import { actionItems } from './action-items.js';
import { alerts } from './alerts.js';
import { pagerDuty } from './pagerduty.js';
import { webhooks } from './webhooks.js';
import { escalation } from './escalation.js';
import type { Feature } from './feature.js';
import { postmortem } from './postmortem.js';

export type { Feature };

/** Every feature of warroom, in the order their lines appear on the card. */
export const allFeatures: readonly Feature[] = [alerts, actionItems, escalation, postmortem, pagerDuty, webhooks];

/** What the runtime hands to the services, the Bolt app and the workers. */
export interface Assembled {
  hooks: AppHooks;
  interactions: Interactions[];
  /** Every queue's processor, the core's (card re-draws, Slack events, paused declare setups) included. */
  processors: QueueProcessor[];
}

export function assemble(features: readonly Feature[]): Assembled {
  const present = <T>(x: T | undefined): x is T => x !== undefined;
  return {
    hooks: {
      onDeclared: features.map((f) => f.onDeclared).filter(present),
      onStatusChanged: features.map((f) => f.onStatusChanged).filter(present),
      cardExtras: features.map((f) => f.cardExtras).filter(present),
    },
    interactions: features.map((f) => f.interactions).filter(present),
    processors: [surfacesProcessor, slackEventsProcessor, declareSetupProcessor, ...features.flatMap((f) => f.processors ?? [])],
  };
}
