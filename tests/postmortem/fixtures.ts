import type { ActionItem } from '../../src/domain/action-item.js';
import { makeEntry } from '../../src/domain/entries.js';
import type { Incident } from '../../src/domain/incident.js';
import type { Change, TimelineEntry, TimelineKind, TimelineSource } from '../../src/domain/timeline.js';
import { wallClockToInstant } from '../../src/domain/time-zone.js';

/** Builds records for draft tests without Redis: the same shapes the rules write. */

export const ANA = 'U0ANA';
export const BO = 'U0BO';
export const CY = 'U0CY';
export const NAMES = new Map([
  [ANA, 'ana'],
  [BO, 'bo'],
  [CY, 'cy'],
]);

/** An instant from a wall-clock time in a zone: `at('2023-05-13', 19, 5)`. */
export function at(day: string, hour: number, minute: number, zone = 'Africa/Nairobi'): number {
  const [year, month, d] = day.split('-').map(Number);
  return wallClockToInstant({ year: year ?? 0, month: month ?? 0, day: d ?? 0 }, hour, minute, zone).at;
}

export function incident(over: Partial<Incident> = {}): Incident {
  const declared = over.keyTimes?.declared ?? at('2023-05-13', 19, 5);
  return {
    teamId: 'T1',
    number: 7,
    title: 'Authentication failing for new customers',
    severity: 'sev2',
    status: 'closed',
    private: false,
    timeZone: 'Africa/Nairobi',
    roles: { commander: ANA },
    keyTimes: { declared },
    declaredBy: ANA,
    participants: [ANA],
    setup: { channelId: 'C0INC7', invited: [], topicSet: true, cardPinned: true, complete: true },
    createdAt: declared,
    updatedAt: declared,
    ...over,
  };
}

let seq = 0;
export function entry(kind: TimelineKind, when: number, text: string, more: { author?: string; change?: Change; source?: TimelineSource; pin?: TimelineEntry['pin'] } = {}): TimelineEntry {
  seq++;
  return makeEntry({
    id: `e${String(seq).padStart(6, '0')}`,
    kind,
    at: when,
    now: when + seq,
    text,
    author: more.author ?? ANA,
    source: more.source ?? 'command',
    ...(more.change ? { change: more.change } : {}),
    ...(more.pin ? { pin: more.pin } : {}),
  });
}

export function action(id: number, over: Partial<ActionItem> = {}): ActionItem {
  return {
    id,
    teamId: 'T1',
    incident: 7,
    text: `Measure ${id}`,
    kind: 'corrective',
    timeZone: 'Africa/Nairobi',
    state: 'open',
    createdBy: ANA,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}
