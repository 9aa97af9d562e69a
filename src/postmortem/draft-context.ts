import type { ActionItem } from '../domain/action-item.js';
import type { Incident } from '../domain/incident.js';
import { KEY_TIMES, type KeyTime } from '../domain/key-times.js';
import { HUMAN_KINDS, type TimelineEntry } from '../domain/timeline.js';
import type { ZoneClock } from './clock.js';

/** What every part of the draft reads, computed once in a single pass over the entries. */
export interface DraftContext {
  incident: Incident;
  /** Oldest first. */
  entries: TimelineEntry[];
  actions: ActionItem[];
  clock: ZoneClock;
  /** Clock only when the whole incident fits in one local day, else day and clock. */
  when(at: number): string;
  /** The incident touches more than one local day, so times carry dates. */
  multiDay: boolean;
  /** Entries that set each key time, oldest first. */
  keySources: Map<KeyTime, TimelineEntry[]>;
  /** Entries by kind, oldest first. */
  byKind: Map<TimelineEntry['kind'], TimelineEntry[]>;
  /** The entry that recorded the current text of each narrative field, or declared the impact. */
  narrativeSources: Map<string, TimelineEntry>;
  /** Action entries that name an item (`A3`), by item label. */
  actionSources: Map<string, string[]>;
  /** When impact is taken to have started: started, else detected, else declared. */
  start: { at: number; key: KeyTime };
  /** Entries people wrote (notes, 📌, updates): how many, the first few ids, and per author. */
  written: { count: number; first: string[]; byAuthor: Map<string, number> };
  /** Entries the bot recorded for someone (status, severity, fields …), per author. */
  changesByAuthor: Map<string, number>;
  /** Entries that moved the status: declared, status changes, closing, reopening. Oldest first. */
  statusMoves: TimelineEntry[];
  /** The longest stretch with nothing recorded before the incident was resolved. */
  gap?: { from: TimelineEntry; to: TimelineEntry } | undefined;
}

/** At most this many cites on a statement about many entries; the rest are counted. */
export const MAX_CITES = 8;
/** A silence shorter than this is not worth a question. */
const GAP_WORTH_ASKING_MS = 15 * 60_000;

const STATUS_KEY: Record<string, KeyTime | undefined> = { identified: 'identified', monitoring: 'mitigated', resolved: 'resolved' };
const KEYS: ReadonlySet<string> = new Set(KEY_TIMES);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function keyTimeSet(e: TimelineEntry): KeyTime | undefined {
  switch (e.kind) {
    case 'declared':
      return 'declared';
    case 'ack':
      return 'acknowledged';
    case 'closed':
      return 'closed';
    case 'time':
      return e.change && KEYS.has(e.change.field) ? (e.change.field as KeyTime) : undefined;
    case 'status':
      return e.change?.to ? STATUS_KEY[e.change.to] : undefined;
    default:
      return undefined;
  }
}

function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** One pass over the entries gathers everything the sections need, so drafting stays linear and cheap. */
export function buildContext(incident: Incident, entries: TimelineEntry[], actions: ActionItem[], clock: ZoneClock): DraftContext {
  const keySources = new Map<KeyTime, TimelineEntry[]>();
  const byKind = new Map<TimelineEntry['kind'], TimelineEntry[]>();
  const narrativeSources = new Map<string, TimelineEntry>();
  const actionSources = new Map<string, string[]>();
  const written = { count: 0, first: [] as string[], byAuthor: new Map<string, number>() };
  const changesByAuthor = new Map<string, number>();
  const statusMoves: TimelineEntry[] = [];
  const k = incident.keyTimes;
  const resolvedAt = k.resolved ?? Number.POSITIVE_INFINITY;
  let gap: { from: TimelineEntry; to: TimelineEntry } | undefined;
  let gapMs = GAP_WORTH_ASKING_MS - 1;
  let prev: TimelineEntry | undefined;
  for (const e of entries) {
    push(byKind, e.kind, e);
    const key = keyTimeSet(e);
    if (key) push(keySources, key, e);
    if (HUMAN_KINDS.has(e.kind)) {
      written.count++;
      if (written.first.length < MAX_CITES) written.first.push(e.id);
      if (e.author) count(written.byAuthor, e.author);
    } else if (e.author) count(changesByAuthor, e.author);
    if (e.kind === 'declared' || ((e.kind === 'status' || e.kind === 'closed' || e.kind === 'reopened') && e.change?.field === 'status')) statusMoves.push(e);
    if (e.kind === 'field' && e.change) narrativeSources.set(e.change.field, e);
    if (e.kind === 'declared' && incident.impact !== undefined && !narrativeSources.has('impact')) narrativeSources.set('impact', e);
    if (e.kind === 'action') {
      // The action-item rules put the item in change.field (`A12`, `A12.state`); older prose is scanned.
      const item = e.change ? /^(A\d+)(?:\.|$)/.exec(e.change.field)?.[1] : undefined;
      if (item) push(actionSources, item, e.id);
      else for (const m of e.text.matchAll(/\bA(\d+)\b/g)) push(actionSources, `A${m[1]}`, e.id);
    }
    if (e.at <= resolvedAt) {
      if (prev && e.at - prev.at > gapMs) {
        gap = { from: prev, to: e };
        gapMs = e.at - prev.at;
      }
      prev = e;
    }
  }
  // Entries are in time order, so the first and last moments decide whether days differ.
  let first = entries[0]?.at ?? Number.POSITIVE_INFINITY;
  let last = entries[entries.length - 1]?.at ?? Number.NEGATIVE_INFINITY;
  for (const at of [k.started, k.declared, k.resolved, k.closed]) {
    if (at === undefined) continue;
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  const multiDay = Number.isFinite(first) && clock.wall(first).date !== clock.wall(last).date;
  const when = multiDay ? (at: number) => clock.dayTime(at) : (at: number) => clock.clock(at);
  const start =
    k.started !== undefined
      ? { at: k.started, key: 'started' as const }
      : k.detected !== undefined
        ? { at: k.detected, key: 'detected' as const }
        : { at: k.declared ?? incident.createdAt, key: 'declared' as const };
  return { incident, entries, actions, clock, when, multiDay, keySources, byKind, narrativeSources, actionSources, start, written, changesByAuthor, statusMoves, gap };
}

/** The entry that set a key time to its current value; the latest one that tried, if none matches exactly. */
export function keyTimeCites(ctx: DraftContext, key: KeyTime): string[] {
  const at = ctx.incident.keyTimes[key];
  const sources = ctx.keySources.get(key) ?? [];
  let match: TimelineEntry | undefined;
  for (const e of sources) if (e.at === at || (e.kind === 'time' && e.change?.to === String(at))) match = e;
  const chosen = match ?? sources[sources.length - 1];
  return chosen ? [chosen.id] : [];
}

export function entriesOf(ctx: DraftContext, ...kinds: TimelineEntry['kind'][]): TimelineEntry[] {
  if (kinds.length === 1) return ctx.byKind.get(kinds[0] as TimelineEntry['kind']) ?? [];
  return ctx.entries.filter((e) => kinds.includes(e.kind));
}

/** 'once', 'twice', '3 times' */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

