import { correctEntry, type Correction } from '../domain/corrections.js';
import { NotFoundError } from '../domain/errors.js';
import { makeTimelineFormatter } from '../domain/time-format.js';
import type { TimelineEntry } from '../domain/timeline.js';
import { StaleRetryExhausted } from '../store/incidents.js';
import { afterReplyOrNow, type AfterReply } from './after-reply.js';
import { echo } from './apply.js';
import type { Services } from './context.js';

export interface CorrectionDone {
  entry: TimelineEntry;
  record: TimelineEntry;
}

/**
 * Corrects entry number `position` (E12 → 12, as `/incident timeline` numbers them). The
 * incident's version is bumped with the change, so two corrections of one entry at once cannot
 * both write from the same old copy: the second reads the entry again and applies on top.
 */
export async function correctTimelineEntry(
  s: Services,
  team: string,
  number: number,
  input: { position: number; ref: string; correction: Correction; by: string },
  after?: AfterReply,
): Promise<CorrectionDone> {
  const now = s.now();
  for (let attempt = 0; attempt < 10; attempt++) {
    const loaded = await s.incidents.load(team, number);
    if (!loaded) throw new NotFoundError(`INC-${number} does not exist.`);
    const total = await s.incidents.timelineCount(team, number);
    if (input.position < 1 || input.position > total) throw new NotFoundError(`There is no ${input.ref}: the timeline has ${total} entr${total === 1 ? 'y' : 'ies'} (\`/incident timeline\` shows their numbers).`);
    const [entry] = await s.incidents.timelinePage(team, number, input.position - 1, 1);
    if (!entry) continue;
    const when = makeTimelineFormatter([entry.at, now, ...(input.correction.op === 'move' ? [input.correction.at] : [])], loaded.incident.timeZone);
    const done = correctEntry(loaded.incident, entry, { correction: input.correction, ref: input.ref, by: input.by, now, ids: s.ids, when });
    const incident = done.incident === loaded.incident ? { ...loaded.incident, updatedAt: now } : done.incident;
    const saved = await s.incidents.save(loaded.version, { incident, replace: [done.entry], add: [done.record] });
    if (saved.ok) {
      await afterReplyOrNow(after, async () => echo(s, incident, [done.record]));
      return { entry: done.entry, record: done.record };
    }
  }
  throw new StaleRetryExhausted(`INC-${number}`);
}
