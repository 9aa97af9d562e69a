import type { Incident } from '../domain/incident.js';
import type { CardExtras } from '../slack/views/card.js';
import type { Services } from './context.js';

/**
 * What features add to the core flows. They are handed to the services at start-up
 * (src/features → src/runtime/services.ts), so the app calls them without knowing the features.
 */
export type DeclareHook = (s: Services, incident: Incident) => Promise<void>;
export type StatusHook = (s: Services, before: Incident, after: Incident) => Promise<void>;
export type CardExtrasProvider = (s: Services, incident: Incident) => Promise<CardExtras>;

export interface AppHooks {
  /** Once the Slack setup of a new incident has its channel ready, announcement aside (paging level 1, status reminders); once per incident. */
  onDeclared: readonly DeclareHook[];
  /** After a saved status change (timers stop when resolved or closed, and come back when reopened). */
  onStatusChanged: readonly StatusHook[];
  /** Lines a feature shows on the pinned card. */
  cardExtras: readonly CardExtrasProvider[];
}

export const noHooks: AppHooks = { onDeclared: [], onStatusChanged: [], cardExtras: [] };

/** A failing hook is logged and the others still run: the change they follow is saved already. */
export async function runDeclareHooks(s: Services, incident: Incident): Promise<void> {
  for (const hook of s.hooks.onDeclared) {
    await hook(s, incident).catch((err: unknown) => s.log.error('after-declare hook failed', { incident: incident.number, err }));
  }
}

export async function runStatusHooks(s: Services, before: Incident, after: Incident): Promise<void> {
  if (before.status === after.status) return;
  for (const hook of s.hooks.onStatusChanged) {
    await hook(s, before, after).catch((err: unknown) => s.log.error('status hook failed', { incident: after.number, err }));
  }
}

export async function cardExtrasFor(s: Services, incident: Incident): Promise<CardExtras> {
  const parts = await Promise.all(s.hooks.cardExtras.map((p) => p(s, incident)));
  return { fields: parts.flatMap((p) => p.fields ?? []), sections: parts.flatMap((p) => p.sections ?? []) };
}
