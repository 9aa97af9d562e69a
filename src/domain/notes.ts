import { StateError } from './errors.js';
import { makeEntry, pinEntryId, type EntryIds } from './entries.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import type { TimelineEntry, TimelineSource } from './timeline.js';

export function addNote(
  incident: Incident,
  input: { text: string; at: number; by: string; source: TimelineSource; now: number; ids: EntryIds },
): { incident: Incident; entry: TimelineEntry } {
  if (input.text.trim() === '') throw new StateError('A note needs some text.');
  const entry = makeEntry({ kind: 'note', at: input.at, now: input.now, ids: input.ids, text: input.text.trim(), author: input.by, source: input.source });
  return { incident: withParticipant(incident, input.by, input.now), entry };
}

/**
 * A note or 📌 changes the incident only when it brings a new participant. Otherwise the rule
 * hands back the same incident, which the store saves without a new version, so notes typed at
 * once by people already in the incident never conflict with each other (store/incidents.ts).
 */
function withParticipant(incident: Incident, user: string, now: number): Incident {
  const next = addParticipant(incident, user);
  return next === incident ? incident : { ...next, updatedAt: now };
}

export interface PinInput {
  channel: string;
  ts: string;
  text: string;
  messageAuthor?: string | undefined;
  permalink?: string | undefined;
  pinnedBy: string;
  now: number;
  /** 📌 (a reaction) or the "Add to timeline" message shortcut. */
  source?: 'reaction' | 'shortcut';
}

/** The entry sits at the message's own time, not when someone got round to pinning it. */
export function pinMessage(incident: Incident, input: PinInput): { incident: Incident; entry: TimelineEntry } {
  if (incident.status === 'closed') throw new StateError(`${incidentLabel(incident)} is closed.`);
  const at = Math.round(Number(input.ts) * 1000);
  const entry = makeEntry({
    id: pinEntryId(input.ts),
    kind: 'pin',
    at,
    now: input.now,
    text: input.text,
    author: input.messageAuthor ?? input.pinnedBy,
    source: input.source ?? 'reaction',
    pin: {
      channel: input.channel,
      ts: input.ts,
      ...(input.messageAuthor ? { author: input.messageAuthor } : {}),
      ...(input.permalink ? { permalink: input.permalink } : {}),
    },
  });
  return { incident: withParticipant(incident, input.pinnedBy, input.now), entry };
}

/** An edit keeps the earlier text in the entry's history, so the record shows what was said first. */
export function editPinned(entry: TimelineEntry, newText: string): TimelineEntry | undefined {
  if (!entry.pin || entry.text === newText) return undefined;
  return { ...entry, text: newText, pin: { ...entry.pin, history: [...(entry.pin.history ?? []), entry.text] } };
}

export function deletePinned(entry: TimelineEntry): TimelineEntry | undefined {
  if (!entry.pin || entry.pin.deleted) return undefined;
  return { ...entry, pin: { ...entry.pin, deleted: true } };
}

export const MAX_COMMENT = 3000;

/** A comment on a recorded message, kept with it so the postmortem shows them together. */
export function commentOnPinned(entry: TimelineEntry, comment: { by: string; text: string; at: number }): TimelineEntry | undefined {
  const text = comment.text.trim();
  if (!entry.pin || text === '') return undefined;
  if (text.length > MAX_COMMENT) throw new StateError(`A comment can be at most ${MAX_COMMENT.toLocaleString('en-US')} characters.`);
  return { ...entry, pin: { ...entry.pin, comments: [...(entry.pin.comments ?? []), { by: comment.by, at: comment.at, text }] } };
}
