import { StateError } from './errors.js';
import { makeEntry, mention, type EntryIds } from './entries.js';
import { addParticipant, type Incident } from './incident.js';
import { HUMAN_KINDS, type TimelineEntry, type TimelineKind } from './timeline.js';

/**
 * `/incident timeline edit|move|delete E12`: people fix what they wrote. Only the entry's author
 * and the incident commander may; the earlier version stays in the entry's history (a deleted
 * entry is struck, not removed), and the correction is itself a timeline entry, so the record
 * shows who changed what, and when. What the bot recorded is corrected by the command that
 * recorded it, never edited behind its back.
 */

export type Correction = { op: 'edit'; text: string } | { op: 'move'; at: number } | { op: 'delete' };

export const MAX_CORRECTED_TEXT = 3000;

/** Why a bot entry cannot be edited here, and what corrects it. */
const CORRECTED_BY: Partial<Record<TimelineKind, string>> = {
  status: 'a status change is corrected by setting the status again: `/incident status <status>`',
  severity: 'a severity change is corrected with `/incident severity <sev1-4>`',
  role: 'a role change is corrected with `/incident role <role> @someone`',
  time: 'a key time is corrected by setting it again: `/incident time <moment> <time>`',
  field: 'a recorded text is corrected by writing it again: `/incident summary|impact|cause|resolution <text>`',
  action: 'an action item is corrected with `/incident action …` (assign, due, done, cancel)',
  pin: 'a 📌 entry follows its Slack message: edit or delete the message in Slack, or take the 📌 off',
};

function refusal(kind: TimelineKind, ref: string): string {
  const how = CORRECTED_BY[kind] ?? 'it records what happened to the incident and cannot be changed; add a note that explains: `/incident note <text>`';
  return `${ref} was recorded by the bot, so it cannot be edited here: ${how}.`;
}

export interface CorrectionInput {
  correction: Correction;
  /** `E12`, as the person typed it, for the replies. */
  ref: string;
  by: string;
  now: number;
  ids: EntryIds;
  /** '7:25 PM EAT': how the entry's time is shown in the correction's text. */
  when: (at: number) => string;
}

export interface Corrected {
  incident: Incident;
  /** The entry as it now stands (same id). */
  entry: TimelineEntry;
  /** The correction, recorded in its own entry. */
  record: TimelineEntry;
}

function quoted(text: string): string {
  return `“${text.length > 200 ? `${text.slice(0, 199)}…` : text}”`;
}

export function correctEntry(incident: Incident, entry: TimelineEntry, input: CorrectionInput): Corrected {
  const { correction: c, ref, by, now, ids } = input;
  if (!HUMAN_KINDS.has(entry.kind) || entry.kind === 'pin') throw new StateError(refusal(entry.kind, ref));
  if (entry.deleted) throw new StateError(`${ref} was already deleted by ${mention(entry.deleted.by)}; it stays in the record, struck out.`);
  if (by !== entry.author && by !== incident.roles.commander) {
    const who = entry.author ? `${mention(entry.author)}, who wrote it,` : 'its author';
    throw new StateError(`Only ${who} or the incident commander${incident.roles.commander ? ` (${mention(incident.roles.commander)})` : ''} can correct ${ref}.`);
  }
  const was = `the ${entry.kind} of ${input.when(entry.at)}${entry.author ? ` by ${mention(entry.author)}` : ''}`;
  const version = { text: entry.text, at: entry.at, by, replacedAt: now };
  let next: TimelineEntry;
  let text: string;
  let change: { from?: string; to?: string };
  switch (c.op) {
    case 'edit': {
      const newText = c.text.trim();
      if (newText === '') throw new StateError('Write the corrected text after the entry number.');
      if (newText.length > MAX_CORRECTED_TEXT) throw new StateError(`An entry can be at most ${MAX_CORRECTED_TEXT.toLocaleString('en-US')} characters.`);
      if (newText === entry.text) throw new StateError(`${ref} already says exactly that.`);
      next = { ...entry, text: newText, history: [...(entry.history ?? []), version] };
      text = `Corrected ${was}: it said ${quoted(entry.text)}, now ${quoted(newText)}`;
      change = { from: entry.text, to: newText };
      break;
    }
    case 'move': {
      if (c.at === entry.at) throw new StateError(`${ref} is already at ${input.when(c.at)}.`);
      next = { ...entry, at: c.at, history: [...(entry.history ?? []), version] };
      text = `Moved ${was} to ${input.when(c.at)}`;
      change = { from: String(entry.at), to: String(c.at) };
      break;
    }
    case 'delete':
      next = { ...entry, deleted: { by, at: now } };
      text = `Struck ${was} from the timeline; it said ${quoted(entry.text)}`;
      change = { from: entry.text };
      break;
  }
  const record = makeEntry({ kind: 'correction', at: now, now, ids, text: `${text} (${mention(by)})`, author: by, source: 'command', change: { field: entry.id, ...change } });
  const touched = addParticipant(incident, by);
  return { incident: touched === incident ? incident : { ...touched, updatedAt: now }, entry: next, record };
}
