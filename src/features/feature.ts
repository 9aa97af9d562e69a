import type { CardExtrasProvider, DeclareHook, StatusHook } from '../app/hooks.js';
import type { Interactions } from '../slack/listeners/routes.js';
import type { QueueProcessor } from '../workers/processor.js';

/**
 * A feature is one explicit object: what it runs in the worker, the buttons and forms it answers,
 * what it shows on the card and what it does when an incident is declared or changes status.
 * Entry points hand the list to the services, the Bolt app and the workers (src/runtime).
 */
export interface Feature {
  name: string;
  processors?: readonly QueueProcessor[];
  interactions?: Interactions;
  cardExtras?: CardExtrasProvider;
  onDeclared?: DeclareHook;
  onStatusChanged?: StatusHook;
}
