import { pinEntryId } from '../domain/entries.js';
import { incidentLabel } from '../domain/incident.js';
import { formatClock } from '../domain/time-format.js';
import type { TimelineEntry } from '../domain/timeline.js';
import type { Services } from './context.js';
import { recordPin } from './pins.js';

export type AddedMessage =
  | { outcome: 'not-an-incident' }
  | { outcome: 'closed'; label: string }
  | { outcome: 'not-found'; label: string }
  | { outcome: 'recorded' | 'already'; label: string; number: number; entry: TimelineEntry; when: string };

/**
 * The "Add to timeline" message shortcut: records any message of an incident's channel at the
 * time it was posted, with its author and permalink, exactly as 📌 does (same entry, so adding
 * a message twice, or adding and pinning it, records it once).
 */
export async function addMessageToTimeline(s: Services, team: string, channel: string, ts: string, by: string): Promise<AddedMessage> {
  const number = await s.incidents.findByChannel(team, channel);
  if (!number) return { outcome: 'not-an-incident' };
  const loaded = await s.incidents.load(team, number);
  if (!loaded) return { outcome: 'not-an-incident' };
  const label = incidentLabel(loaded.incident);
  if (loaded.incident.status === 'closed') return { outcome: 'closed', label };
  const result = await recordPin(s, team, channel, ts, by, 'shortcut');
  const entry = await s.incidents.entry(team, number, pinEntryId(ts));
  if (!entry) return { outcome: 'not-found', label };
  return { outcome: result === 'recorded' ? 'recorded' : 'already', label, number, entry, when: formatClock(entry.at, loaded.incident.timeZone) };
}
