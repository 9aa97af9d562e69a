import { actionItemLabel, type ActionItem } from '../domain/action-item.js';
import { mentionedUsers } from '../domain/entries.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { NARRATIVE_FIELDS } from '../domain/narrative.js';
import { severityLabel, severityRank, Severity } from '../domain/severity.js';
import { formatDuration } from '../domain/time-format.js';
import { describeCalendarDay, parseCalendarDay } from '../domain/time-zone.js';
import { compareEntries, HUMAN_KINDS, type TimelineEntry } from '../domain/timeline.js';
import { zoneClock } from './clock.js';
import { buildContext, entriesOf, keyTimeCites, MAX_CITES, type DraftContext } from './draft-context.js';
import { escalationFact, intervalRows, keyTimeRows, phases, responders, severityHistory } from './draft-facts.js';
import { humanSections } from './draft-prompts.js';
import type { Cited, Draft, Measure, Narrative, TimelineItem } from './draft-schema.js';

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
  const peak = peakSeverity(ctx);
  const overview: Cited = {
    text: `${window.text}${duration ? ` (${duration.text})` : ''}, ${label} was a ${severityLabel(peak)} incident.`,
    cites: [...new Set([...window.cites, ...(duration?.cites ?? [])])],
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
    severityHistory: severityHistory(ctx),
    escalations: escalationFact(ctx),
    responders: responders(ctx),
    timeline,
    measures: actions.map((a) => measureOf(ctx, a)),
    phases: phases(ctx),
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

/** The most severe level the incident reached, which is what it is remembered by. */
function peakSeverity(ctx: DraftContext): Severity {
  let peak = ctx.incident.severity;
  for (const e of entriesOf(ctx, 'severity')) {
    for (const level of [e.change?.from, e.change?.to]) {
      const parsed = Severity.safeParse(level);
      if (parsed.success && severityRank(parsed.data) < severityRank(peak)) peak = parsed.data;
    }
  }
  return peak;
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

function timelineOf(ctx: DraftContext): Draft['timeline'] {
  const items: TimelineItem[] = new Array<TimelineItem>(ctx.entries.length);
  let human = 0;
  ctx.entries.forEach((e, i) => {
    const isHuman = HUMAN_KINDS.has(e.kind);
    if (isHuman) human++;
    // Every item has the same fields in the same order (absent ones undefined): one object
    // shape keeps this loop, which runs once per entry, fast.
    items[i] = {
      id: e.id,
      ref: `E${i + 1}`,
      at: e.at,
      when: ctx.when(e.at),
      kind: e.kind,
      human: isHuman,
      author: e.author,
      text: e.text,
      pin: e.pin ? { permalink: e.pin.permalink, firstText: e.pin.history?.[0], deleted: e.pin.deleted === true } : undefined,
    };
  });
  const first = ctx.entries[0];
  const multiDay = ctx.multiDay;
  const zone = ctx.incident.timeZone;
  const note = multiDay
    ? `Times are ${zone} local time; the incident spans several days, so every entry shows its date.`
    : `All times are ${zone} local time${first ? `, on ${ctx.clock.day(first.at)}` : ''}.`;
  return { spansDays: multiDay, note, items, human, automatic: items.length - human };
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
  }
  for (const a of actions) {
    if (a.owner) ids.add(a.owner);
    ids.add(a.createdBy);
    scan(a.text);
  }
  return ids;
}
