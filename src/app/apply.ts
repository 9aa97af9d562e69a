import type { Incident } from '../domain/incident.js';
import type { Outcome } from '../domain/lifecycle.js';
import type { TimelineEntry } from '../domain/timeline.js';
import { makeTimelineFormatter } from '../domain/time-format.js';
import type { Op } from '../store/commit.js';
import type { Loaded } from '../store/incidents.js';
import { entryLine } from '../slack/views/timeline-lines.js';
import { afterReplyOrNow, type AfterReply } from './after-reply.js';
import type { Services } from './context.js';
import { runStatusHooks } from './hooks.js';
import { refreshSurfaces } from './surfaces.js';

export interface Applied<O extends Outcome = Outcome> {
  before: Incident;
  after: Incident;
  entries: TimelineEntry[];
  /** What the rule returned, with its own type (timers to arm, the page acknowledged…). */
  outcome: O;
}

export interface ApplyOptions {
  /** Echo the new entries in the incident channel (default true). */
  echo?: boolean;
  /** Re-draw the card and topic (default true). Notes and pins change nothing they show. */
  refresh?: boolean;
  /** A copy of the incident the caller just read (see store.mutate). */
  known?: Loaded;
  /** Inside a command, the Slack updates wait until its reply is sent. */
  after?: AfterReply;
}

/**
 * The pattern behind every change: read, apply a pure rule, write incident and timeline in one
 * atomic step (retrying if someone else wrote first), run the status hooks when the status
 * changed, then update Slack. Slack failures after the write never lose the change: surfaces
 * are re-drawn by a job.
 */
export async function applyRule<O extends Outcome>(
  s: Services,
  team: string,
  number: number,
  rule: (incident: Incident) => O & { ops?: Op[] },
  opts: ApplyOptions = {},
): Promise<Applied<O>> {
  const { result } = await s.incidents.mutate(
    team,
    number,
    ({ incident }) => {
      const outcome = rule(incident);
      return {
        change: { incident: outcome.incident, add: outcome.entries, ...(outcome.ops ? { ops: outcome.ops } : {}) },
        result: { before: incident, after: outcome.incident, entries: outcome.entries, outcome },
      };
    },
    undefined,
    opts.known,
  );
  // Timers stop (or come back) before anyone is told the status changed.
  await runStatusHooks(s, result.before, result.after);
  await afterReplyOrNow(opts.after, async () => {
    if (opts.refresh !== false) await refreshSurfaces(s, result.before, result.after);
    if (opts.echo !== false) echo(s, result.after, result.entries);
  });
  return result;
}

/** Posts what was recorded into the incident channel so everyone sees the record grow. */
export function echo(s: Services, incident: Incident, entries: TimelineEntry[]): void {
  const channel = incident.setup.channelId;
  if (!channel || entries.length === 0) return;
  // A back-dated entry from another day shows its date; today's show just the clock.
  const when = makeTimelineFormatter([...entries.map((e) => e.at), s.now()], incident.timeZone);
  s.echo.post(channel, entries.map((e) => entryLine(e, when)));
}
