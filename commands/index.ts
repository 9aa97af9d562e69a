import type { CommandSpec } from './kit.js';
import { closestWord } from '../src/domain/edit-distance.js';
import ack from './ack.js';
import catchup from './catchup.js';
import action from './action.js';
import actions from './actions.js';
import cause from './cause.js';
import close from './close.js';
import declare from './declare.js';
import escalate from './escalate.js';
import exportRecord from './export.js';
import { helpCommand } from './help.js';
import impact from './impact.js';
import list from './list.js';
import note from './note.js';
import postmortem from './postmortem.js';
import reopen from './reopen.js';
import resolution from './resolution.js';
import role from './role.js';
import severity from './severity.js';
import status from './status.js';
import summary from './summary.js';
import time from './time.js';
import timeline from './timeline.js';
import update from './update.js';

/** Order is the order of `/incident help`: what a responder needs first comes first. */
const help = helpCommand(() => commands);

export const commands: readonly CommandSpec[] = [declare, note, status, update, catchup, escalate, ack, severity, role, time, timeline, action, actions, summary, impact, cause, resolution, close, postmortem, reopen, exportRecord, list, help];

export function findCommand(word: string): CommandSpec | undefined {
  const w = word.toLowerCase();
  return commands.find((c) => c.name === w || c.aliases?.includes(w));
}

/** `nite` → note: the command whose name or alias is one or two keystrokes away, if any. */
export function suggestCommand(word: string): CommandSpec | undefined {
  const words = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]).filter((w) => /^[a-z]/.test(w));
  const close = closestWord(word, words);
  return close === undefined ? undefined : findCommand(close);
}
