import type { Incident } from '../domain/incident.js';
import type { Services } from './context.js';

export type StatusHook = (s: Services, before: Incident, after: Incident) => Promise<void>;
const hooks: StatusHook[] = [];

/** Features with timers (escalation, status-update reminders) stop or re-arm them here. */
export function onStatusChanged(hook: StatusHook): void {
  hooks.push(hook);
}

export async function runStatusHooks(s: Services, before: Incident, after: Incident): Promise<void> {
  if (before.status === after.status) return;
  for (const hook of hooks) {
    await hook(s, before, after).catch((err: unknown) => s.log.error('status hook failed', { incident: after.number, err }));
  }
}
