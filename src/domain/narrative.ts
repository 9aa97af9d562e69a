import { z } from 'zod';
import { StateError } from './errors.js';
import { makeEntry, type EntryIds } from './entries.js';
import { addParticipant, incidentLabel, type Incident } from './incident.js';
import type { Outcome } from './lifecycle.js';
import type { TimelineSource } from './timeline.js';

/**
 * The parts of a postmortem only people can tell: what happened in a sentence, who was hurt,
 * why, and what fixed it. They can be written at any time, even after closing, and each
 * change is a timeline entry (kind `field`) so the record shows who wrote what, and when.
 */
export const NARRATIVE_FIELDS = ['summary', 'impact', 'cause', 'resolution'] as const;
export const NarrativeField = z.enum(NARRATIVE_FIELDS);
export type NarrativeField = z.infer<typeof NarrativeField>;

export const NARRATIVE_LABEL: Record<NarrativeField, string> = {
  summary: 'Summary',
  impact: 'Impact',
  cause: 'Root cause',
  resolution: 'Resolution',
};

export const NARRATIVE_MAX = 3000;

export function setNarrative(
  incident: Incident,
  input: { field: NarrativeField; text: string; by: string; source: TimelineSource; now: number; ids: EntryIds },
): Outcome {
  const text = input.text.trim();
  const label = NARRATIVE_LABEL[input.field];
  if (text === '') throw new StateError(`Write the ${label.toLowerCase()} after the command.`);
  if (text.length > NARRATIVE_MAX) {
    throw new StateError(`The ${label.toLowerCase()} can be at most ${NARRATIVE_MAX.toLocaleString('en-US')} characters.`);
  }
  const previous = incident[input.field];
  if (previous === text) throw new StateError(`The ${label.toLowerCase()} of ${incidentLabel(incident)} already says exactly that.`);
  const next = addParticipant({ ...incident, [input.field]: text, updatedAt: input.now }, input.by);
  return {
    incident: next,
    entries: [
      makeEntry({
        kind: 'field',
        at: input.now,
        now: input.now,
        ids: input.ids,
        text: `${label} ${previous === undefined ? 'recorded' : 'updated'}: ${text}`,
        author: input.by,
        source: input.source,
        change: { field: input.field, ...(previous !== undefined ? { from: previous } : {}), to: text },
      }),
    ],
  };
}
