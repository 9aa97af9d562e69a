import { z } from 'zod';
import { ActionItemKind, ActionItemState } from '../domain/action-item.js';
import { KeyTime } from '../domain/key-times.js';
import { NarrativeField } from '../domain/narrative.js';
import { Severity } from '../domain/severity.js';
import { Status } from '../domain/status.js';
import { TimelineKind } from '../domain/timeline.js';

/**
 * The postmortem as data, before any Markdown or Block Kit. Texts the bot derives carry the
 * ids of the timeline entries they come from (`cites`) so every renderer can show a reader
 * where to check them; texts people wrote are kept raw and escaped by each renderer.
 */

/** A statement the bot derived, with the timeline entries (and action items) it rests on. */
export const Cited = z.object({
  text: z.string(),
  cites: z.array(z.string()),
  /** Action item labels (`A3`) when the statement is about measures. */
  items: z.array(z.string()).optional(),
});
export type Cited = z.infer<typeof Cited>;

/** Something a person recorded (impact, cause …) and the entry that recorded its current text. */
export const Narrative = z.object({ field: NarrativeField, text: z.string(), cites: z.array(z.string()) });
export type Narrative = z.infer<typeof Narrative>;

export const KeyTimeRow = z.object({
  key: KeyTime,
  label: z.string(),
  at: z.number().int().optional(),
  when: z.string().optional(),
  cites: z.array(z.string()),
});
export type KeyTimeRow = z.infer<typeof KeyTimeRow>;

export const IntervalRow = z.object({
  label: z.string(),
  /** e.g. 'Impact started → Mitigated' */
  span: z.string(),
  ms: z.number().optional(),
  text: z.string(),
  /** How to record what is missing, when it is. */
  hint: z.string().optional(),
  cites: z.array(z.string()),
});
export type IntervalRow = z.infer<typeof IntervalRow>;

export const Responder = z.object({
  user: z.string(),
  roles: z.array(z.string()),
  /** Notes, 📌 messages and updates this person wrote. */
  written: z.number().int(),
  /** Changes the bot recorded for them: status, severity, roles, times, fields, actions. */
  changes: z.number().int(),
});
export type Responder = z.infer<typeof Responder>;

export const PinView = z.object({
  permalink: z.string().optional(),
  /** What the message said when it was 📌'd, when it was edited since. */
  firstText: z.string().optional(),
  deleted: z.boolean(),
  /** Added with the "Add to timeline" shortcut rather than a 📌. */
  added: z.boolean(),
  comments: z.array(z.object({ by: z.string(), when: z.string(), text: z.string() })).optional(),
});

/** An earlier version of a corrected entry, as the draft shows it. */
export const ItemVersion = z.object({ text: z.string(), when: z.string(), by: z.string(), replacedWhen: z.string() });
export type ItemVersion = z.infer<typeof ItemVersion>;

export const TimelineItem = z.object({
  id: z.string(),
  /** `E12`: how derived statements cite this entry. */
  ref: z.string(),
  /** `e12`: the anchor every citation of this entry links to. */
  anchor: z.string(),
  /** Bookkeeping (times set, fields recorded, action items, corrections) or struck out: shown in the full record, not the timeline. */
  folded: z.boolean(),
  at: z.number().int(),
  when: z.string(),
  kind: TimelineKind,
  /** Written by a person (note, 📌, update) rather than recorded by the bot. */
  human: z.boolean(),
  author: z.string().optional(),
  text: z.string(),
  pin: PinView.optional(),
  /** Earlier versions, oldest first, when someone corrected the entry. */
  history: z.array(ItemVersion).optional(),
  deleted: z.object({ by: z.string(), when: z.string() }).optional(),
  /** A correction: the id of the entry it corrected. */
  corrects: z.string().optional(),
  /** A narrative entry whose text is the field's current text (shown once, in its section). */
  currentField: NarrativeField.optional(),
});
export type TimelineItem = z.infer<typeof TimelineItem>;

export const Measure = z.object({
  label: z.string(),
  text: z.string(),
  kind: ActionItemKind,
  owner: z.string().optional(),
  due: z.string().optional(),
  dueText: z.string().optional(),
  state: ActionItemState,
  /** 'owner', 'due date': what an open measure still lacks. */
  missing: z.array(z.string()),
  cites: z.array(z.string()),
});
export type Measure = z.infer<typeof Measure>;

export const Phase = z.object({ label: z.string(), at: z.number().int(), when: z.string(), duration: z.string().optional(), cites: z.array(z.string()) });
export type Phase = z.infer<typeof Phase>;

export const HumanSection = z.object({
  key: z.string(),
  title: z.string(),
  /** Why the bot left it to people. */
  why: z.string(),
  prompts: z.array(Cited),
});
export type HumanSection = z.infer<typeof HumanSection>;

/** "In conclusion": cause, fix and what stops it happening again, each from the record. */
export const Conclusion = z.object({
  cause: Narrative.optional(),
  resolution: Narrative.optional(),
  /** How long impact lasted, when resolved. */
  lasted: Cited.optional(),
  /** Measures not cancelled, by label (`A1`), with their text. */
  preventive: z.array(z.object({ label: z.string(), text: z.string() })),
  corrective: z.array(z.object({ label: z.string(), text: z.string() })),
  /** What the record lacks for a conclusion: 'cause', 'resolution', 'measures'. */
  missing: z.array(z.enum(['cause', 'resolution', 'measures'])),
});
export type Conclusion = z.infer<typeof Conclusion>;

export const Draft = z.object({
  version: z.number().int(),
  generatedAt: z.number().int(),
  generatedWhen: z.string(),
  label: z.string(),
  number: z.number().int(),
  title: z.string(),
  heading: z.string(),
  channel: z.string().optional(),
  timeZone: z.string(),
  severity: Severity,
  status: Status,
  /** The window, its duration and severity in one derived sentence. */
  overview: Cited,
  window: z.object({ start: z.number(), end: z.number().optional(), text: z.string(), cites: z.array(z.string()) }),
  duration: Cited.optional(),
  narrative: z.partialRecord(NarrativeField, Narrative),
  keyTimes: z.array(KeyTimeRow),
  intervals: z.array(IntervalRow),
  severityHistory: Cited,
  escalations: Cited,
  responders: z.array(Responder),
  timeline: z.object({
    spansDays: z.boolean(),
    /** 'All times EAT, on May 13, 2023.' */
    note: z.string(),
    items: z.array(TimelineItem),
    human: z.number().int(),
    automatic: z.number().int(),
    /** Items shown in the full record rather than the timeline. */
    folded: z.number().int(),
  }),
  measures: z.array(Measure),
  phases: z.array(Phase),
  conclusion: Conclusion,
  human: z.array(HumanSection),
  /** Display names of everyone the record mentions, for renderers that cannot show Slack mentions. */
  people: z.record(z.string(), z.string()),
});
export type Draft = z.infer<typeof Draft>;
