import type { Routes } from './routes.js';
import type { Services } from '../../app/context.js';

type ActionRegistrar = (app: Routes, s: Services) => void;
const registrars: ActionRegistrar[] = [];

/** Features with buttons (close, acknowledge, snooze, done) register their listeners here. */
export function addActionListeners(registrar: ActionRegistrar): void {
  registrars.push(registrar);
}

export function registerActionListeners(app: Routes, s: Services): void {
  for (const register of registrars) register(app, s);
}
