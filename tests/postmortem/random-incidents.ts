import fc from 'fast-check';
import type { ActionItem } from '../../src/domain/action-item.js';
import type { Incident } from '../../src/domain/incident.js';
import type { TimelineEntry, TimelineKind } from '../../src/domain/timeline.js';
import { ANA, BO, CY, action, incident } from './fixtures.js';

/** Random records for property tests: any zone, any length, texts full of Markdown's special characters. */

export const ZONES = ['Africa/Nairobi', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'UTC', 'Australia/Lord_Howe', 'America/St_Johns'] as const;
const USERS = [ANA, BO, CY];
const MINUTE = 60_000;

/** One line a person might type: words, snake_case, ~approximations, pipes, code, links, HTML, entities. */
const PIECES = [
  'max_connections', '~35 minutes', 'a | b', '`code`', '*bold*', '_it_', '[link](http://x)', '<script>', '&copy;', '\\', '# not a heading',
  '1. step', '- item', '> quote', 'p99 < 5 ms', '~~gone~~', 'snake_case_', '_leading', 'x*y*z', 'rate: 50%', '!', '[ok]', '===', 'café', 'db-1',
  'ok', 'rolled', 'back', 'the', 'config', 'restart', 'CPU', '98%', 'at', 'EU', '(eu-west)', '{json}', '"quoted"', "it's",
];

export const userLine = fc
  .array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 8 })
  .map((words) => words.join(' ').trim());

const KINDS: TimelineKind[] = ['note', 'note', 'note', 'pin', 'update', 'status', 'severity', 'role', 'escalation', 'page', 'ack', 'time', 'field', 'action', 'correction'];

export interface RandomRecord {
  incident: Incident;
  entries: TimelineEntry[];
  actions: ActionItem[];
  now: number;
  /** Every text that came from people (entries quote them too, and measures), which must show exactly as typed. */
  typed: string[];
}

export const randomRecord: fc.Arbitrary<RandomRecord> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    // 2019 to 2027, on any minute and second.
    start: fc.integer({ min: Date.UTC(2019, 0, 1), max: Date.UTC(2027, 0, 1) }),
    // Up to 12 days, to the second: minutes must come out exact whatever the seconds.
    lastsMs: fc.integer({ min: 0, max: 12 * 24 * 60 * MINUTE }),
    declaredAfterMs: fc.integer({ min: 0, max: 90 * MINUTE }),
    resolved: fc.boolean(),
    entries: fc.array(
      fc.record({
        kind: fc.constantFrom(...KINDS),
        offset: fc.double({ min: 0, max: 1, noNaN: true }),
        text: userLine,
        author: fc.constantFrom(...USERS),
        edited: fc.boolean(),
        deleted: fc.integer({ min: 0, max: 9 }),
      }),
      { maxLength: 30 },
    ),
    measures: fc.array(fc.record({ text: userLine, preventive: fc.boolean() }), { maxLength: 4 }),
    cause: fc.option(userLine, { nil: undefined }),
  })
  .map((r) => {
    const end = r.start + r.lastsMs;
    const typed: string[] = [];
    const entries: TimelineEntry[] = r.entries.map((e, i) => {
      const at = r.start + Math.floor(e.offset * r.lastsMs);
      typed.push(e.text);
      const base: TimelineEntry = { id: `e${String(i).padStart(4, '0')}`, at, recordedAt: at + i, kind: e.kind, text: e.text, author: e.author, source: 'command' };
      if (e.kind === 'severity') return { ...base, change: { field: 'severity', from: 'sev3', to: 'sev2' } };
      if (e.kind === 'status') return { ...base, change: { field: 'status', from: 'investigating', to: 'identified' } };
      if (e.kind === 'pin') return { ...base, source: 'reaction', pin: { channel: 'C1', ts: `${Math.floor(at / 1000)}.000100`, permalink: 'https://t.slack.com/archives/C1/p1' } };
      if (e.kind === 'correction' && i > 0) return { ...base, change: { field: `e${String(i - 1).padStart(4, '0')}`, to: 'edit' } };
      if (e.kind === 'note' || e.kind === 'update') {
        return {
          ...base,
          ...(e.edited ? { history: [{ text: `${e.text} (first)`, at: at - MINUTE, by: e.author, replacedAt: at + MINUTE }] } : {}),
          ...(e.deleted === 0 ? { deleted: { by: ANA, at: at + 2 * MINUTE } } : {}),
        };
      }
      return base;
    });
    const declared = r.start + r.declaredAfterMs;
    entries.push({ id: 'declared', at: declared, recordedAt: declared, kind: 'declared', text: 'Incident declared', author: ANA, source: 'command' });
    const actions = r.measures.map((m, i) => {
      typed.push(m.text);
      return action(i + 1, { text: m.text, kind: m.preventive ? 'preventive' : 'corrective' });
    });
    if (r.cause !== undefined) typed.push(r.cause);
    const inc = incident({
      timeZone: r.zone,
      status: r.resolved ? 'resolved' : 'investigating',
      ...(r.cause !== undefined ? { cause: r.cause } : {}),
      keyTimes: { started: r.start, declared, ...(r.resolved ? { resolved: end } : {}) },
      createdAt: declared,
    });
    return { incident: inc, entries, actions, now: Math.max(end, declared), typed };
  });
