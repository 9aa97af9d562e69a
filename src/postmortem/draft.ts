import { actionItemLabel, type ActionItem } from '../domain/action-item.js';
import { mentionedUsers } from '../domain/entries.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { NARRATIVE_FIELDS, NarrativeField } from '../domain/narrative.js';
import { severityLabel } from '../domain/severity.js';
import { formatExactDuration as formatDuration } from '../domain/time-format.js';
import { describeCalendarDay, parseCalendarDay } from '../domain/time-zone.js';
import { compareEntries, HUMAN_KINDS, type TimelineEntry } from '../domain/timeline.js';
import { zoneClock } from './clock.js';
import { buildContext, entriesOf, keyTimeCites, MAX_CITES, type DraftContext } from './draft-context.js';
import { escalationFact, intervalRows, keyTimeRows, phases, responders, severityHistory } from './draft-facts.js';
import { humanSections } from './draft-prompts.js';
import type { Cited, Conclusion, Draft, Measure, Narrative, TimelineItem } from './draft-schema.js';

export { Draft } from './draft-schema.js';

export interface DraftInput {
  incident: Incident;
  /** In any order; the draft sorts them once. */
  entries: readonly TimelineEntry[];
  actions: readonly ActionItem[];
  /** Display names by Slack user id; ids without a name are shown as they are. */
  names: ReadonlyMap<string, string>;
  now: number;
  /** Defaults to the incident's current postmortem version. */
  version?: number;
}

/**
 * The postmortem as a pure function of the record. One sort, then single passes: drafting
 * 100,000 entries stays linear (see bench/postmortem.ts).
 */
export function buildDraft(input: DraftInput): Draft {
  const { incident } = input;
  const entries = inOrder(input.entries);
  const actions = [...input.actions].sort((a, b) => a.id - b.id);
  const ctx = buildContext(incident, entries, actions, zoneClock(incident.timeZone));
  const label = incidentLabel(incident);
  const window = windowOf(ctx);
  const duration = durationOf(ctx);
  const severity = severityHistory(ctx);
  const changed = entriesOf(ctx, 'severity').length > 0;
  const overview: Cited = {
    // "SEV2, raised to SEV1 at 8:30 PM": what it was most of its life and when that changed, not only its peak.
    text: `${window.text}${duration ? ` (${duration.text})` : ''}, ${label} was ${changed ? severity.text : `a ${severityLabel(ctx.incident.severity)} incident`}.`,
    cites: [...new Set([...window.cites, ...(duration?.cites ?? []), ...(changed ? severity.cites : [])])],
  };
  const timeline = timelineOf(ctx);
  return {
    version: input.version ?? Math.max(1, incident.postmortemVersion ?? 0),
    generatedAt: input.now,
    generatedWhen: ctx.clock.dayTime(input.now),
    label,
    number: incident.number,
    title: incident.title,
    heading: `${label}: ${incident.title}`,
    ...(incident.setup.channelId ? { channel: incident.setup.channelId } : {}),
    timeZone: incident.timeZone,
    severity: incident.severity,
    status: incident.status,
    overview,
    window,
    ...(duration ? { duration } : {}),
    narrative: narrativeOf(ctx),
    keyTimes: keyTimeRows(ctx),
    intervals: intervalRows(ctx),
    severityHistory: severity,
    escalations: escalationFact(ctx),
    responders: responders(ctx),
    timeline,
    measures: actions.map((a) => measureOf(ctx, a)),
    phases: phases(ctx),
    conclusion: conclusionOf(ctx, duration),
    human: humanSections(ctx),
    people: Object.fromEntries(input.names),
  };
}

/** Entries from Redis already come in order; sorting is only paid for when they do not. */
function inOrder(entries: readonly TimelineEntry[]): TimelineEntry[] {
  for (let i = 1; i < entries.length; i++) {
    const prev = entries[i - 1];
    const cur = entries[i];
    if (prev && cur && compareEntries(prev, cur) > 0) return [...entries].sort(compareEntries);
  }
  return [...entries];
}

function windowOf(ctx: DraftContext): Draft['window'] {
  const start = ctx.start.at;
  const end = ctx.incident.keyTimes.resolved;
  const s = ctx.clock.wall(start);
  const cites = keyTimeCites(ctx, ctx.start.key);
  if (end === undefined) return { start, text: `Since ${s.time} ${s.abbr} on ${s.day}, and not resolved when this was drafted`, cites };
  const e = ctx.clock.wall(end);
  const text =
    s.date === e.date && s.abbr === e.abbr
      ? `Between ${s.time} and ${e.time} ${s.abbr} on ${s.day}`
      : `Between ${s.time} ${s.abbr} on ${s.day} and ${e.time} ${e.abbr} on ${e.day}`;
  return { start, end, text, cites: [...cites, ...keyTimeCites(ctx, 'resolved')] };
}

function durationOf(ctx: DraftContext): Cited | undefined {
  const end = ctx.incident.keyTimes.resolved;
  if (end === undefined || end < ctx.start.at) return undefined;
  return { text: formatDuration(end - ctx.start.at), cites: [...keyTimeCites(ctx, ctx.start.key), ...keyTimeCites(ctx, 'resolved')] };
}

function narrativeOf(ctx: DraftContext): Draft['narrative'] {
  const out: Partial<Record<Narrative['field'], Narrative>> = {};
  for (const field of NARRATIVE_FIELDS) {
    const text = ctx.incident[field];
    if (text === undefined) continue;
    const source = ctx.narrativeSources.get(field);
    out[field] = { field, text, cites: source ? [source.id] : [] };
  }
  return out;
}

/** Bookkeeping: kept, but in the full record at the end, not in the story of what happened. */
const FOLDED_KINDS: ReadonlySet<TimelineEntry['kind']> = new Set(['time', 'field', 'action', 'postmortem', 'correction']);

function timelineOf(ctx: DraftContext): Draft['timeline'] {
  const items: TimelineItem[] = new Array<TimelineItem>(ctx.entries.length);
  const { incident } = ctx;
  let human = 0;
  let folded = 0;
  ctx.entries.forEach((e, i) => {
    const isHuman = HUMAN_KINDS.has(e.kind);
    if (isHuman) human++;
    const isFolded = FOLDED_KINDS.has(e.kind) || e.deleted !== undefined;
    if (isFolded) folded++;
    const field = e.kind === 'field' ? NarrativeField.safeParse(e.change?.field) : undefined;
    // Every item has the same fields in the same order (absent ones undefined): one object
    // shape keeps this loop, which runs once per entry, fast.
    items[i] = {
      id: e.id,
      ref: `E${i + 1}`,
      anchor: `e${i + 1}`,
      folded: isFolded,
      at: e.at,
      when: ctx.when(e.at),
      kind: e.kind,
      human: isHuman,
      author: e.author,
      text: e.text,
      pin: e.pin
        ? {
            permalink: e.pin.permalink,
            firstText: e.pin.history?.[0],
            deleted: e.pin.deleted === true,
            added: e.source === 'shortcut',
            comments: e.pin.comments?.map((c) => ({ by: c.by, when: ctx.when(c.at), text: c.text })),
          }
        : undefined,
      history: e.history?.map((v) => ({ text: v.text, when: ctx.when(v.at), by: v.by, replacedWhen: ctx.when(v.replacedAt) })),
      deleted: e.deleted ? { by: e.deleted.by, when: ctx.when(e.deleted.at) } : undefined,
      corrects: e.kind === 'correction' ? e.change?.field : undefined,
      currentField: field?.success && incident[field.data] !== undefined && incident[field.data] === e.change?.to ? field.data : undefined,
    };
  });
  return { spansDays: ctx.multiDay, note: timesNote(ctx), items, human, automatic: items.length - human, folded };
}

/** 'All times are EAT (Africa/Nairobi), on May 13, 2023.'; a clock change names both abbreviations. */
function timesNote(ctx: DraftContext): string {
  const zone = ctx.incident.timeZone;
  const k = ctx.incident.keyTimes;
  const first = ctx.entries[0];
  const last = ctx.entries[ctx.entries.length - 1];
  const instants = [first?.at, k.started, k.declared, k.resolved, k.closed, last?.at].filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const abbrs = [...new Set(instants.map((t) => ctx.clock.wall(t).abbr))];
  const named = abbrs.length === 1 && abbrs[0] !== zone ? `${abbrs[0]} (${zone})` : zone;
  const clocks = abbrs.length > 1 ? `, shown as ${abbrs.join(' or ')} as the clocks changed` : '';
  const day = !ctx.multiDay && first ? `, on ${ctx.clock.day(first.at)}` : '';
  const dated = ctx.multiDay ? '; the incident spans several days, so every entry shows its date' : '';
  return `All times are ${named}${clocks}${day}${dated}.`;
}

/** "In conclusion": the recorded cause, the fix and the measures; what is missing is named, never guessed. */
function conclusionOf(ctx: DraftContext, duration: Cited | undefined): Conclusion {
  const narrative = (field: 'cause' | 'resolution'): Narrative | undefined => {
    const text = ctx.incident[field];
    if (text === undefined) return undefined;
    const source = ctx.narrativeSources.get(field);
    return { field, text, cites: source ? [source.id] : [] };
  };
  const cause = narrative('cause');
  const resolution = narrative('resolution');
  const live = ctx.actions.filter((a) => a.state !== 'cancelled');
  const listed = (kind: ActionItem['kind']) => live.filter((a) => a.kind === kind).map((a) => ({ label: actionItemLabel(a.id), text: a.text }));
  const preventive = listed('preventive');
  const corrective = listed('corrective');
  const missing: Conclusion['missing'] = [];
  if (!cause) missing.push('cause');
  if (!resolution) missing.push('resolution');
  if (preventive.length + corrective.length === 0) missing.push('measures');
  return { ...(cause ? { cause } : {}), ...(resolution ? { resolution } : {}), ...(duration ? { lasted: duration } : {}), preventive, corrective, missing };
}

function measureOf(ctx: DraftContext, a: ActionItem): Measure {
  const label = actionItemLabel(a.id);
  const day = a.due ? parseCalendarDay(a.due) : undefined;
  const missing: string[] = [];
  if (a.state === 'open' && !a.owner) missing.push('owner');
  if (a.state === 'open' && !a.due) missing.push('due date');
  return {
    label,
    text: a.text,
    kind: a.kind,
    ...(a.owner ? { owner: a.owner } : {}),
    ...(a.due ? { due: a.due } : {}),
    ...(day ? { dueText: describeCalendarDay(day) } : {}),
    state: a.state,
    missing,
    cites: (ctx.actionSources.get(label) ?? []).slice(0, MAX_CITES),
  };
}

/** Every Slack user the record names, so the caller can look their names up in one batch. */
export function referencedUsers(incident: Incident, entries: readonly TimelineEntry[], actions: readonly ActionItem[]): Set<string> {
  const ids = new Set<string>([incident.declaredBy, ...incident.participants]);
  for (const user of Object.values(incident.roles)) if (user) ids.add(user);
  const scan = (text: string | undefined): void => {
    if (text) for (const id of mentionedUsers(text)) ids.add(id);
  };
  for (const field of NARRATIVE_FIELDS) scan(incident[field]);
  scan(incident.title);
  for (const e of entries) {
    if (e.author) ids.add(e.author);
    if (e.pin?.author) ids.add(e.pin.author);
    scan(e.text);
    scan(e.pin?.history?.[0]);
    for (const c of e.pin?.comments ?? []) {
      ids.add(c.by);
      scan(c.text);
    }
    for (const v of e.history ?? []) ids.add(v.by);
    if (e.deleted) ids.add(e.deleted.by);
  }
  for (const a of actions) {
    if (a.owner) ids.add(a.owner);
    ids.add(a.createdBy);
    scan(a.text);
  }
  return ids;
}
