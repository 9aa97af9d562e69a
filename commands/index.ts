import type { CommandSpec } from '../src/slack/command-kit.js';
import ack from './ack.js';
import action from './action.js';
import actions from './actions.js';
import declare from './declare.js';
import escalate from './escalate.js';
import help from './help.js';
import list from './list.js';
import note from './note.js';
import role from './role.js';
import severity from './severity.js';
import status from './status.js';
import time from './time.js';
import timeline from './timeline.js';
import update from './update.js';

/** Order is the order of `/incident help`: what a responder needs first comes first. */
export const commands: readonly CommandSpec[] = [declare, note, status, update, escalate, ack, severity, role, time, timeline, action, actions, list, help];

export function findCommand(word: string): CommandSpec | undefined {
  const w = word.toLowerCase();
  return commands.find((c) => c.name === w || c.aliases?.includes(w));
}
