import type { Incident } from '../domain/incident.js';
import type { Outcome } from '../domain/lifecycle.js';
import type { TimelineEntry } from '../domain/timeline.js';
import { makeTimelineFormatter } from '../domain/time-format.js';
import type { Services } from './context.js';
import type { Op } from '../store/commit.js';
import type { Loaded } from '../store/incidents.js';
import { afterReply } from './after-reply.js';
import { postToChannel } from '../slack/api/channel-echo.js';
import { entryLine } from '../slack/views/timeline-lines.js';
import { refreshSurfaces } from './surfaces.js';

export interface Applied {
  before: Incident;
  after: Incident;
  entries: TimelineEntry[];
}

/**
 * The pattern behind every change: read, apply a pure rule, write incident and timeline
 * in one atomic step (retrying if someone else wrote first), then update Slack.
 * Slack failures after the write never lose the change: surfaces are re-drawn by a job.
 * Inside a command, the Slack updates run after the reply is sent (see after-reply.ts).
 */
export async function applyRule(
  s: Services,
  team: string,
  number: number,
  rule: (incident: Incident) => Outcome & { ops?: Op[] },
  opts: { echo?: boolean; refresh?: boolean; known?: Loaded } = {},
): Promise<Applied> {
  const { result } = await s.incidents.mutate(team, number, ({ incident }) => {
    const outcome = rule(incident);
    return {
      change: { incident: outcome.incident, add: outcome.entries, ...(outcome.ops ? { ops: outcome.ops } : {}) },
      result: { before: incident, after: outcome.incident, entries: outcome.entries },
    };
  }, undefined, opts.known);
  await afterReply(s, async () => {
    // Notes and pins change nothing the card or topic shows, so they cost no chat.update.
    if (opts.refresh !== false) await refreshSurfaces(s, result.before, result.after);
    if (opts.echo !== false) await echo(s, result.after, result.entries);
  });
  return result;
}

/** Posts what was recorded into the incident channel so everyone sees the record grow. */
export async function echo(s: Services, incident: Incident, entries: TimelineEntry[]): Promise<void> {
  const channel = incident.setup.channelId;
  if (!channel || entries.length === 0) return;
  // A back-dated entry from another day shows its date; today's show just the clock.
  const when = makeTimelineFormatter([...entries.map((e) => e.at), s.now()], incident.timeZone);
  postToChannel(s, channel, entries.map((e) => entryLine(e, when)));
}
