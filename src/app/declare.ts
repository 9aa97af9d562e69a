import { choosePolicy } from '../domain/escalation.js';
import { declare } from '../domain/lifecycle.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import type { Declaration } from '../domain/declaration.js';
import { severityLabel } from '../domain/severity.js';
import type { TimelineSource } from '../domain/timeline.js';
import { keys } from '../store/keys.js';
import type { Services } from './context.js';
import type { Reply } from '../slack/views/reply.js';
import { escapeText } from '../slack/views/mrkdwn.js';
import { runSetup, type SetupResult } from './declare-setup.js';
import { runDeclareHooks } from './hooks.js';

/** A checked declaration (domain/declaration.ts) and who made it, from where; `commander: null` declares with nobody leading yet (an alert did). */
export type DeclareRequest = Omit<Declaration, 'commander'> & { commander?: string | null | undefined; teamId: string; userId: string; source: TimelineSource };

/** Saves the incident first (so it exists whatever Slack does), then runs the Slack setup. */
export async function declareIncident(s: Services, req: DeclareRequest): Promise<SetupResult> {
  const now = s.now();
  // Chosen (and an unknown name refused) before anything is saved; the incident keeps a copy.
  const policy = choosePolicy(s.settings.escalation, req.policy);
  const number = await s.incidents.nextNumber(req.teamId);
  const { incident: declared, entries } = declare({
    teamId: req.teamId,
    number,
    title: req.title,
    severity: req.severity,
    ...(req.impact !== undefined ? { impact: req.impact } : {}),
    private: req.private,
    ...(req.commander !== undefined ? { commander: req.commander } : {}),
    timeZone: s.config.DEFAULT_TIMEZONE,
    declaredBy: req.userId,
    source: req.source,
    now,
    ids: s.ids,
  });
  const incident = policy ? { ...declared, policy } : declared;
  const saved = await s.incidents.save(0, {
    incident,
    add: entries,
    ops: [
      { op: 'hset', key: keys.pendingSetup(req.teamId), field: req.userId, value: String(number) },
    ],
  });
  if (!saved.ok) throw new Error(`could not save new incident ${incidentLabel(incident)} (${saved.reason})`);
  return finishSetup(s, incident);
}

/**
 * Runs what is left of the Slack setup; once it is complete, the features that act on a new
 * incident (paging level 1, status reminders) run — also when a failed setup is finished later.
 */
export async function finishSetup(s: Services, incident: Incident): Promise<SetupResult> {
  const result = await runSetup(s, incident);
  if (result.ok && !result.byOtherRun) await runDeclareHooks(s, result.incident);
  return result;
}

/** An unfinished setup this user started, to be finished instead of declaring a duplicate. */
export async function pendingSetupOf(s: Services, team: string, user: string): Promise<Incident | undefined> {
  const n = await s.redis.hget(keys.pendingSetup(team), user);
  if (!n) return undefined;
  const loaded = await s.incidents.load(team, Number(n));
  return loaded && !loaded.incident.setup.complete ? loaded.incident : undefined;
}

export function setupReply(result: SetupResult, resumed: boolean): Reply {
  const i = result.incident;
  const label = `${incidentLabel(i)} (${severityLabel(i.severity)}): ${escapeText(i.title)}`;
  if (result.ok) {
    const where = i.setup.channelId ? ` Channel: <#${i.setup.channelId}>.` : '';
    return { text: `:white_check_mark: ${resumed ? 'Finished setting up' : 'Declared'} ${label}.${where} You are in; the summary card is pinned there.` };
  }
  const channel = i.setup.channelId ? ` The channel <#${i.setup.channelId}> exists.` : '';
  return {
    text:
      `:warning: ${incidentLabel(i)} is declared and saved, but I could not ${result.failedStep}: ${result.reason}.${channel}\n` +
      `Run \`/incident declare\` again to finish the setup; nothing already done will be done twice.`,
  };
}
