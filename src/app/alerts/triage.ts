import type { KnownBlock } from '@slack/types';
import type { NormalizedAlert } from '../../domain/alerts/alert.js';
import { type AlertRoute } from '../../domain/alerts/rules.js';
import { StateError } from '../../domain/errors.js';
import { incidentLabel } from '../../domain/incident.js';
import { isActive } from '../../domain/status.js';
import { createAlertStore, AlertRecord, type TriageRecord } from '../../store/alerts.js';
import { keys } from '../../store/keys.js';
import { ActionId } from '../../slack/views/ids.js';
import { escapeText, truncate } from '../../slack/views/mrkdwn.js';
import type { Services } from '../context.js';
import { declareIncident } from '../declare.js';
import type { SetupResult } from '../declare-setup.js';
import type { SetupNotice } from '../../jobs/queues.js';
import { recordOnIncident, type IncidentAlert } from './on-incident.js';

/** Buttons on a triage question keep working for a day, or the grouping window if longer. */
const triageTtl = (route: AlertRoute): number => Math.max(24 * 3_600_000, route.groupWindowMinutes * 60_000);

function labelsLine(alert: NormalizedAlert): string {
  const pairs = Object.entries(alert.labels).slice(0, 8).map(([k, v]) => `${k}=${v}`);
  return pairs.length ? truncate(pairs.join(', '), 500) : '';
}

export function triageBlocks(t: TriageRecord, alert: NormalizedAlert | undefined, open: { number: number; title: string }[]): KnownBlock[] {
  const link = alert?.url ? ` <${alert.url}|source>` : '';
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:bell: *Alert needs triage* (route \`${escapeText(t.route)}\`)\n*${escapeText(truncate(t.title, 300))}*${link}` } },
  ];
  const labels = alert ? labelsLine(alert) : '';
  if (labels) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeText(labels) }] });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'More alerts of this group join this question until it is answered.' }] });
  const elements: NonNullable<Extract<KnownBlock, { type: 'actions' }>['elements']> = [
    { type: 'button', action_id: ActionId.triageDeclare, style: 'danger', text: { type: 'plain_text', text: 'Declare' }, value: t.id },
  ];
  if (open.length > 0) {
    elements.push({
      type: 'static_select',
      action_id: ActionId.triageAttach,
      placeholder: { type: 'plain_text', text: 'Attach to…' },
      options: open.slice(0, 100).map((i) => ({ text: { type: 'plain_text', text: truncate(`${incidentLabel(i)}: ${i.title}`, 75) }, value: `${t.id}:${i.number}` })),
    });
  }
  elements.push({ type: 'button', action_id: ActionId.triageIgnore, text: { type: 'plain_text', text: 'Ignore' }, value: t.id });
  blocks.push({ type: 'actions', elements });
  return blocks;
}

function answeredBlocks(t: TriageRecord): KnownBlock[] {
  const who = t.by ? ` by <@${t.by}>` : '';
  const what =
    t.outcome === 'ignored' ? `:no_bell: Ignored${who}.` : `:white_check_mark: ${t.outcome === 'declared' ? 'Declared as' : 'Attached to'} INC-${t.incident ?? '?'}${who}.`;
  return [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeText(truncate(t.title, 300))}* (route \`${escapeText(t.route)}\`)\n${what}` } }];
}

/**
 * An alert no rule declared goes to the triage channel: one question per alert group. While
 * it is open, more alerts of the group join it; once answered, they follow the answer.
 */
export async function addToTriage(
  s: Services,
  team: string,
  route: AlertRoute,
  ruleIndex: number,
  group: string,
  alert: NormalizedAlert,
  key: string,
  record: AlertRecord,
): Promise<{ incident?: number }> {
  const store = createAlertStore(s.redis);
  const channel = s.settings.alerts.triageChannel as string;
  for (let attempt = 0; attempt < 3; attempt++) {
    const existing = await store.triage(team, group);
    if (existing) {
      if (existing.outcome === 'open') await store.saveRecord(team, key, { ...record, triage: existing.id });
      else if (existing.outcome === 'ignored') await store.saveRecord(team, key, { ...record, triage: existing.id, ignored: true });
      else if (existing.incident !== undefined) {
        const loaded = await s.incidents.load(team, existing.incident);
        if (loaded && isActive(loaded.incident.status)) return { incident: existing.incident };
        // That incident is over: this alert is a new question.
        await s.redis.del(keys.alertTriage(team, group));
        continue;
      }
      return {};
    }
    const t: TriageRecord = { id: group, route: route.name, ruleIndex, group, title: alert.title, channel, outcome: 'open', createdAt: s.now() };
    if (!(await store.createTriage(team, t, triageTtl(route)))) continue;
    await store.saveRecord(team, key, { ...record, triage: t.id });
    const open = await openIncidents(s, team);
    const res = await s.slack.chat.postMessage({ channel, text: `Alert needs triage: ${escapeText(truncate(alert.title, 300))}`, blocks: triageBlocks(t, alert, open), unfurl_links: false });
    await store.saveTriage(team, { ...t, ...(res.ts ? { ts: res.ts } : {}) }, triageTtl(route));
    return {};
  }
  // The group's question kept changing under us; the alert is kept (quiet) rather than left claimed.
  await store.saveRecord(team, key, { ...record, ignored: true });
  return {};
}

async function openIncidents(s: Services, team: string): Promise<{ number: number; title: string }[]> {
  const numbers = (await s.incidents.openNumbers(team)).slice(-100);
  const incidents = await s.incidents.loadMany(team, numbers);
  return incidents.filter((i) => isActive(i.status)).reverse();
}

/** The alerts (still firing) that wait on this triage question, ready to attach. */
async function waitingAlerts(s: Services, team: string, id: string): Promise<IncidentAlert[]> {
  const all = await s.redis.hgetall(keys.alerts(team));
  const out: IncidentAlert[] = [];
  for (const [key, json] of Object.entries(all)) {
    const record = AlertRecord.parse(JSON.parse(json));
    if (record.triage !== id || record.incident !== undefined) continue;
    const fingerprint = key.slice(key.indexOf('|') + 1);
    const { ignored: _ignored, ...rest } = record;
    out.push({
      key,
      record: rest,
      alert: { fingerprint, status: 'firing', title: record.title, labels: {}, annotations: {}, ...(record.url ? { url: record.url } : {}), startsAt: record.at },
    });
  }
  return out;
}

/** Only one answer per question: the first click wins, later ones are told what happened. */
async function answer<T>(
  s: Services,
  team: string,
  id: string,
  work: (t: TriageRecord, route: AlertRoute) => Promise<{ done: TriageRecord; value: T }>,
): Promise<T> {
  const store = createAlertStore(s.redis);
  const lock = keys.lock(team, `triage-${id}`);
  if ((await s.redis.set(lock, '1', 'PX', 60_000, 'NX')) !== 'OK') throw new StateError('Someone else is answering this alert right now.');
  try {
    const t = await store.triage(team, id);
    if (!t) throw new StateError('This triage question has expired; the alert is no longer waiting.');
    if (t.outcome !== 'open') throw new StateError(`This alert was already handled: ${t.outcome}${t.incident ? ` (INC-${t.incident})` : ''}.`);
    const route = s.settings.alerts.routes.find((r) => r.name === t.route);
    if (!route) throw new StateError(`The alert route \`${t.route}\` is no longer configured.`);
    const { done, value } = await work(t, route);
    await store.saveTriage(team, done, triageTtl(route));
    if (done.ts) await s.slack.chat.update({ channel: done.channel, ts: done.ts, text: `Alert triaged: ${escapeText(truncate(done.title, 300))}`, blocks: answeredBlocks(done) });
    return value;
  } finally {
    await s.redis.del(lock);
  }
}

export async function declareFromTriage(s: Services, team: string, id: string, user: string, notice?: SetupNotice): Promise<SetupResult> {
  return answer(s, team, id, async (t, route) => {
    const rule = t.ruleIndex >= 0 ? route.rules[t.ruleIndex] : undefined;
    const setup = await declareIncident(s, {
      teamId: team,
      userId: user,
      title: t.title,
      severity: rule?.severity ?? s.config.DEFAULT_SEVERITY,
      private: false,
      policy: rule?.policy,
      source: 'button',
    }, notice);
    const n = setup.incident.number;
    await attachWaiting(s, team, t, route, n);
    return { done: { ...t, outcome: 'declared', incident: n, by: user }, value: setup };
  });
}

export async function attachFromTriage(s: Services, team: string, id: string, n: number, user: string): Promise<TriageRecord> {
  return answer(s, team, id, async (t, route) => {
    const loaded = await s.incidents.load(team, n);
    if (!loaded) throw new StateError(`INC-${n} does not exist.`);
    await attachWaiting(s, team, t, route, n);
    const done: TriageRecord = { ...t, outcome: 'attached', incident: n, by: user };
    return { done, value: done };
  });
}

export async function ignoreFromTriage(s: Services, team: string, id: string, user: string): Promise<TriageRecord> {
  return answer(s, team, id, async (t) => {
    const done: TriageRecord = { ...t, outcome: 'ignored', by: user };
    return { done, value: done };
  });
}

async function attachWaiting(s: Services, team: string, t: TriageRecord, route: AlertRoute, n: number): Promise<void> {
  const waiting = await waitingAlerts(s, team, t.id);
  if (waiting.length) await recordOnIncident(s, team, n, waiting, { autoResolve: route.autoResolve });
  await createAlertStore(s.redis).setGroup(team, t.group, n, route.groupWindowMinutes * 60_000);
}
