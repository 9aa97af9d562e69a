import type { KnownBlock } from '@slack/types';
import type { NormalizedAlert } from '../../domain/alerts/alert.js';
import { alertEntry, attachedFrom } from '../../domain/alerts/attached.js';
import { incidentLabel, type Incident } from '../../domain/incident.js';
import { changeStatus } from '../../domain/lifecycle.js';
import { isActive } from '../../domain/status.js';
import { makeTimelineFormatter } from '../../domain/time-format.js';
import type { Op } from '../../store/commit.js';
import { createAlertStore, type AlertRecord } from '../../store/alerts.js';
import { keys } from '../../store/keys.js';
import { ActionId } from '../../slack/views/ids.js';
import { escapeText, truncate } from '../../slack/views/mrkdwn.js';
import { entryLine } from '../../slack/views/timeline-lines.js';
import { applyRule } from '../apply.js';
import type { Services } from '../context.js';

export interface IncidentAlert {
  alert: NormalizedAlert;
  key: string;
  record: AlertRecord;
}

/** A storm posts a few lines and a count in the channel, not one line per alert; the timeline keeps every one. */
const ECHO_LINES = 5;

/**
 * Records fires and resolves on an incident in one atomic step: a timeline entry each (with
 * its source link), the incident's alert list, the firing set and the de-duplication records.
 * The incident itself is not rewritten, so this never conflicts with people's commands.
 */
export async function recordOnIncident(s: Services, team: string, n: number, items: IncidentAlert[], opts: { autoResolve: boolean }): Promise<void> {
  const store = createAlertStore(s.redis);
  const now = s.now();
  const before = await Promise.all(items.map((i) => (i.alert.status === 'resolved' ? store.attachedOne(team, n, i.key) : Promise.resolve(undefined))));
  const entries = items.map((i) => alertEntry(i.alert, i.key, now));
  const ops: Op[] = [];
  for (const [idx, { alert, key, record }] of items.entries()) {
    ops.push({ op: 'hset', key: keys.incidentAlerts(team, n), field: key, value: JSON.stringify(attachedFrom(alert, key, now, before[idx])) });
    if (alert.status === 'firing') {
      ops.push({ op: 'sadd', key: keys.incidentAlertsFiring(team, n), member: key });
      ops.push({ op: 'del', key: keys.incidentAlertsQuiet(team, n) });
      ops.push({ op: 'hset', key: keys.alerts(team), field: key, value: JSON.stringify({ ...record, incident: n }) });
    } else {
      ops.push({ op: 'srem', key: keys.incidentAlertsFiring(team, n), member: key });
      ops.push({ op: 'hdel', key: keys.alerts(team), field: key });
      // A retry of this job finds the incident here, to ask "All alerts resolved" if this attempt could not.
      ops.push({ op: 'set', key: keys.alertResolved(team, key), value: `${alert.endsAt ?? now}:${n}`, ttlMs: 3_600_000 });
    }
  }
  const { incident } = await s.incidents.mutate(team, n, ({ incident: current }) => ({ change: { incident: current, add: entries, ops }, result: undefined }));
  // The card's alert list changed; one re-draw a couple of seconds later covers a whole storm.
  await s.queues.resyncSurfaces({ teamId: team, incident: n });
  echoAlerts(s, incident, entries);
  if (items.some((i) => i.alert.status === 'resolved')) await afterResolves(s, incident, opts);
}

function echoAlerts(s: Services, incident: Incident, entries: ReturnType<typeof alertEntry>[]): void {
  const channel = incident.setup.channelId;
  if (!channel || entries.length === 0) return;
  const when = makeTimelineFormatter([...entries.map((e) => e.at), s.now()], incident.timeZone);
  const lines = entries.slice(0, ECHO_LINES).map((e) => entryLine(e, when));
  if (entries.length > ECHO_LINES) lines.push(`_…and ${entries.length - ECHO_LINES} more alert changes (all on \`/incident timeline\`)._`);
  s.echo.post(channel, lines);
}

/** Resolution is the responders' call: when the last attached alert resolves, ask (or, if the route says so, resolve). */
export async function afterResolves(s: Services, incident: Incident, opts: { autoResolve: boolean }): Promise<void> {
  const store = createAlertStore(s.redis);
  const team = incident.teamId;
  if ((await store.firingCount(team, incident.number)) > 0) return;
  if (!isActive(incident.status)) return;
  if (!(await store.claimQuiet(team, incident.number))) return;
  const channel = incident.setup.channelId;
  if (opts.autoResolve) {
    const bot = await s.identity();
    // applyRule runs the status hooks: escalation stops, PagerDuty alerts resolve.
    await applyRule(s, team, incident.number, (i) =>
      changeStatus(i, { status: 'resolved', at: s.now(), text: 'every attached alert resolved (this alert route resolves automatically)', by: bot.userId, source: 'system', now: s.now(), ids: s.ids }),
    );
    return;
  }
  if (!channel) return;
  try {
    await s.slack.chat.postMessage({ channel, text: `All alerts resolved for ${incidentLabel(incident)}.`, blocks: allResolvedBlocks(incident) });
  } catch (err) {
    // Not posted: give the claim back so the job's retry asks again.
    await s.redis.del(keys.incidentAlertsQuiet(team, incident.number));
    throw err;
  }
}

export function allResolvedBlocks(incident: Incident): KnownBlock[] {
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:large_green_circle: *All alerts resolved* for ${incidentLabel(incident)}. The incident stays open until someone resolves it.` },
    },
    {
      type: 'actions',
      elements: [{ type: 'button', action_id: ActionId.resolveFromAlerts, style: 'primary', text: { type: 'plain_text', text: 'Resolve' }, value: String(incident.number) }],
    },
  ];
}

/** Someone pressed Resolve under "All alerts resolved". */
export async function resolveFromAlerts(s: Services, team: string, n: number, user: string): Promise<Incident> {
  const now = s.now();
  const { after } = await applyRule(s, team, n, (i) => changeStatus(i, { status: 'resolved', at: now, text: 'all alerts resolved', by: user, source: 'button', now, ids: s.ids }));
  return after;
}

const CARD_ALERTS = 10;

/** The card's "Alerts firing" lines: the first few titles with links, and how many more. */
export async function firingAlertsText(s: Services, incident: Incident): Promise<string | undefined> {
  const team = incident.teamId;
  const firing = await s.redis.smembers(keys.incidentAlertsFiring(team, incident.number));
  if (firing.length === 0) {
    const any = await s.redis.hlen(keys.incidentAlerts(team, incident.number));
    return any > 0 ? '_none firing_' : undefined;
  }
  firing.sort();
  const shown = await s.redis.hmget(keys.incidentAlerts(team, incident.number), ...firing.slice(0, CARD_ALERTS));
  const lines = shown.flatMap((json) => {
    if (!json) return [];
    const a = JSON.parse(json) as { title: string; url?: string };
    return [`• ${escapeText(truncate(a.title, 150))}${a.url ? ` <${a.url}|source>` : ''}`];
  });
  if (firing.length > CARD_ALERTS) lines.push(`_…and ${firing.length - CARD_ALERTS} more_`);
  return `${escapeText(String(firing.length))} firing\n${lines.join('\n')}`;
}
