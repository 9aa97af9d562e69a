import { randomUUID } from 'node:crypto';
import type { NormalizedAlert } from '../../domain/alerts/alert.js';
import { alertKey } from '../../domain/alerts/attached.js';
import { groupKey, matchRule, renderTitle, type AlertRoute, type AlertRule } from '../../domain/alerts/rules.js';
import { isActive } from '../../domain/status.js';
import type { AlertJob } from '../../jobs/alert-queue.js';
import { createAlertStore, type AlertRecord } from '../../store/alerts.js';
import type { Services } from '../context.js';
import { declareIncident, finishSetup, waitingOnJob } from '../declare.js';
import { setupReply, tellAboutSetup } from '../setup-notices.js';
import type { SetupNotice } from '../../jobs/queues.js';
import { afterResolves, recordOnIncident, type IncidentAlert } from './on-incident.js';
import { addToTriage } from './triage.js';

/** How long a process waits for another one that is declaring the same group's incident. */
const CLAIM_WAIT_MS = 30_000;
const CLAIM_POLL_MS = 100;

/**
 * An alert's incident has no person to tell that its Slack setup waits for Slack's rate limit:
 * it is said where alerts are talked about, the triage channel, else the broadcast channel.
 */
function alertSetupNotice(s: Services): SetupNotice | undefined {
  const channel = s.settings.alerts.triageChannel ?? s.config.BROADCAST_CHANNEL;
  return channel ? { via: 'channel', channel } : undefined;
}

export function alertRoute(s: Services, name: string): AlertRoute | undefined {
  return s.settings.alerts.routes.find((r) => r.name === name);
}

/**
 * The incident an alert group is joined to while it is active; with `declare`, one is
 * declared when there is none. Only one process declares per group (a claim in Redis); the
 * others wait for its number, so a storm of 500 alerts opens one incident.
 */
export async function incidentForGroup(
  s: Services,
  team: string,
  route: AlertRoute,
  group: string,
  declare?: { rule: AlertRule; alert: NormalizedAlert },
): Promise<number | undefined> {
  const store = createAlertStore(s.redis);
  const windowMs = route.groupWindowMinutes * 60_000;
  const deadline = Date.now() + CLAIM_WAIT_MS;
  while (Date.now() < deadline) {
    const linked = await store.group(team, group);
    if (linked === 'claimed') {
      await new Promise((r) => setTimeout(r, CLAIM_POLL_MS));
      continue;
    }
    if (linked) {
      const loaded = await s.incidents.load(team, linked.incident);
      if (loaded && isActive(loaded.incident.status)) {
        // The window runs from the group's latest alert.
        await store.setGroup(team, group, linked.incident, windowMs);
        return linked.incident;
      }
      // Resolved or closed: the next alert of this group is a new problem.
      await store.dropGroup(team, group, String(linked.incident));
      continue;
    }
    if (!declare) return undefined;
    const token = randomUUID();
    if (!(await store.claimGroup(team, group, token, CLAIM_WAIT_MS))) continue;
    let n: number;
    try {
      const bot = await s.identity();
      const notice = alertSetupNotice(s);
      const result = await declareIncident(s, {
        teamId: team,
        userId: bot.userId,
        title: renderTitle(declare.rule.title, declare.alert),
        severity: declare.rule.severity ?? s.config.DEFAULT_SEVERITY,
        private: false,
        commander: null,
        policy: declare.rule.policy,
        source: 'system',
      }, notice);
      n = result.incident.number;
      // A storm of alert groups outruns Slack's channel limit: the rest of the setup is queued, and said so.
      if (result.waiting) await tellAboutSetup(s, notice, setupReply(result, { audience: 'channel', now: s.now() }).text);
    } catch (err) {
      await store.dropGroup(team, group, `claim:${token}`);
      throw err;
    }
    await store.setGroup(team, group, n, windowMs);
    return n;
  }
  throw new Error(`another process has been declaring the incident of alert group ${group} for ${CLAIM_WAIT_MS / 1000}s`);
}

/** A resolve whose firing another job is still recording: the job is retried a little later. */
export class AlertNotReady extends Error {}

const pending = (r: AlertRecord): boolean => r.incident === undefined && r.triage === undefined && !r.ignored;

/**
 * One accepted payload: each alert once (by fingerprint), firing ones routed by the first
 * matching rule, resolved ones recorded where their firing went. Each alert is claimed by one
 * job before anything is done with it, so two deliveries of one alert (a storm over several
 * web processes) record it once; a retry of the same job picks up where it stopped.
 */
export async function processAlertJob(s: Services, job: AlertJob, jobId: string): Promise<void> {
  const route = alertRoute(s, job.route);
  if (!route) {
    s.log.warn('alerts for a route that is no longer configured were dropped', { route: job.route, count: job.alerts.length });
    return;
  }
  const store = createAlertStore(s.redis);
  const team = job.teamId;
  const keysOf = job.alerts.map((a) => alertKey(route.name, a.fingerprint));
  const records = await store.records(team, keysOf);
  const byIncident = new Map<number, IncidentAlert[]>();
  const touched = new Set<number>();
  const add = (n: number, item: IncidentAlert): void => {
    const list = byIncident.get(n) ?? [];
    list.push(item);
    byIncident.set(n, list);
  };
  let notReady = false;
  const resolvedOn = new Set<number>();
  const seen = new Map<string, NormalizedAlert['status']>();
  for (const [i, alert] of job.alerts.entries()) {
    const key = keysOf[i] ?? '';
    // The same alert twice in one payload counts once, with its last status.
    if (seen.get(key) === alert.status) continue;
    if (seen.has(key)) {
      notReady = true;
      continue;
    }
    seen.set(key, alert.status);
    const record = records[i];
    if (alert.status === 'resolved') {
      if (!record) {
        const earlier = await store.resolvedAt(team, key);
        // Already recorded (by an earlier attempt of this job, or a repeat): only the prompt may be missing.
        if (earlier?.incident !== undefined) resolvedOn.add(earlier.incident);
        else await store.markResolved(team, key, alert.endsAt ?? s.now());
        continue;
      }
      if (pending(record)) {
        notReady = true;
        continue;
      }
      if (record.incident !== undefined) {
        if (await store.claimResolve(team, key, record.at, jobId)) add(record.incident, { alert, key, record });
      } else await store.forget(team, key);
      continue;
    }
    const fresh: AlertRecord = { route: route.name, title: alert.title, ...(alert.url ? { url: alert.url } : {}), group: '', at: alert.startsAt ?? s.now(), job: jobId };
    if (record && !(pending(record) && record.job === jobId)) {
      // Already firing: nothing new to say (the same alert firing again adds nothing).
      if (record.incident !== undefined) touched.add(record.incident);
      continue;
    }
    if (!record) {
      const resolvedAt = await store.resolvedAt(team, key);
      if (resolvedAt !== undefined && alert.startsAt !== undefined && alert.startsAt <= resolvedAt.at) continue;
      if (resolvedAt !== undefined) await store.clearResolved(team, key);
    }
    const matched = matchRule(route.rules, alert);
    const rule = matched?.rule;
    fresh.group = groupKey(route.name, rule?.groupBy ?? ['alertname'], alert);
    if (!record && !(await store.claim(team, key, fresh))) continue;
    const claimed = record ?? fresh;
    let action = rule?.action ?? 'triage';
    let n: number | undefined;
    if (action === 'declare' && rule) n = await incidentForGroup(s, team, route, claimed.group, { rule, alert });
    else if (action === 'attach') {
      n = await incidentForGroup(s, team, route, claimed.group);
      if (n === undefined) action = 'triage';
    }
    if (n !== undefined) {
      add(n, { alert, key, record: claimed });
      continue;
    }
    if (action === 'triage' && s.settings.alerts.triageChannel) {
      const outcome = await addToTriage(s, team, route, matched?.index ?? -1, claimed.group, alert, key, claimed);
      if (outcome.incident !== undefined) add(outcome.incident, { alert, key, record: claimed });
      continue;
    }
    // Ignored by a rule, or triage without a triage channel: remembered so repeats stay quiet.
    await store.saveRecord(team, key, { ...claimed, ignored: true });
  }
  for (const [n, items] of byIncident) {
    await recordOnIncident(s, team, n, items, { autoResolve: route.autoResolve });
    touched.add(n);
  }
  for (const n of resolvedOn) {
    if (byIncident.has(n)) continue;
    const loaded = await s.incidents.load(team, n);
    if (loaded) await afterResolves(s, loaded.incident, { autoResolve: route.autoResolve });
  }
  await finishUnfinishedSetups(s, team, touched);
  if (notReady) throw new AlertNotReady('a resolved alert waits for its firing to be recorded by another job; retrying');
}

/**
 * An incident declared from an alert whose Slack setup failed is finished on the job's retry;
 * one waiting for Slack's rate limit is left to its own job, which is due.
 */
async function finishUnfinishedSetups(s: Services, team: string, numbers: Set<number>): Promise<void> {
  for (const n of numbers) {
    const loaded = await s.incidents.load(team, n);
    if (!loaded || loaded.incident.setup.complete || waitingOnJob(loaded.incident, s.now())) continue;
    const result = await finishSetup(s, loaded.incident, alertSetupNotice(s));
    if (!result.ok && !result.waiting) throw new Error(`INC-${n} setup is unfinished: could not ${result.failedStep}: ${result.reason}`);
  }
}
