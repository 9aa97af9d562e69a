import { compareForChasing } from '../domain/action-item-rules.js';
import { workingHoursBetween } from '../domain/action-item-schedule.js';
import { localDate } from '../domain/time-format.js';
import { isValidTimeZone } from '../domain/time-zone.js';
import type { Services } from './context.js';
import { digestMessage } from '../slack/views/action-item-messages.js';
import { isWorthRetrying, slackErrorCode } from '../slack/api/errors.js';
import { actionItemStoreFor } from '../store/action-items.js';
import { DigestJobName, digestJobId, QueueName, type DigestJob } from '../jobs/queues.js';
import { actionItemPolicy } from './action-item-timers.js';

const HOUR_MS = 3600_000;
/**
 * Each tick covers an hour back and a day ahead. Ticks come every 24 h, or 23/25 h across the
 * default zone's clock changes; the overlap is harmless (job ids carry the owner's local date).
 */
const WINDOW_BACK_MS = HOUR_MS;
const WINDOW_AHEAD_MS = 24 * HOUR_MS;
/** Jobs added per round trip: 10,000 owners become 10 calls, not one giant job or 10,000 calls. */
const BULK = 1_000;

/**
 * The daily tick of one workspace: one delayed job per owner, landing at the digest hour of the
 * owner's own working day in their own zone. The tick never reads items; each owner's job does.
 */
export async function fanOutDigests(s: Services, team: string, now: number): Promise<number> {
  const store = actionItemStoreFor(s.redis);
  const policy = actionItemPolicy(s);
  const owners = await store.owners(team);
  const zones = await store.ownerZones(team, owners);
  const queue = s.queues.get(QueueName.actionItemDigests, team);
  let batch: { name: string; data: DigestJob; opts: { jobId: string; delay: number } }[] = [];
  let added = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    await queue.addBulk(batch);
    added += batch.length;
    batch = [];
  };
  for (const [i, owner] of owners.entries()) {
    const stored = zones[i];
    const zone = stored && isValidTimeZone(stored) ? stored : s.config.DEFAULT_TIMEZONE;
    for (const at of workingHoursBetween(now - WINDOW_BACK_MS, now + WINDOW_AHEAD_MS, zone, policy)) {
      const date = localDate(at, zone);
      batch.push({ name: DigestJobName.digest, data: { teamId: team, owner, date, at }, opts: { jobId: digestJobId(team, owner, date), delay: Math.max(0, at - now) } });
    }
    if (batch.length >= BULK) await flush();
  }
  await flush();
  return added;
}

export type DigestOutcome = 'empty' | 'sent' | 'undeliverable';

/** One owner's digest, read when it is sent: items done since the tick are not in it; no items, no message. */
export async function runDigest(s: Services, job: DigestJob): Promise<DigestOutcome> {
  const store = actionItemStoreFor(s.redis);
  const policy = actionItemPolicy(s);
  const items = (await store.openForOwner(job.teamId, job.owner)).sort(compareForChasing(policy));
  if (items.length === 0) {
    await store.pruneOwner(job.teamId, job.owner);
    return 'empty';
  }
  // People move: the zone read here places tomorrow's digest.
  const person = await s.directory.lookup(job.owner);
  if (person.tz && isValidTimeZone(person.tz)) await store.setOwnerZone(job.teamId, job.owner, person.tz);
  const numbers = [...new Set(items.slice(0, 40).map((i) => i.incident))];
  const incidents = new Map((await s.incidents.loadMany(job.teamId, numbers)).map((i) => [i.number, i]));
  const msg = digestMessage(items, incidents, s.now(), policy);
  try {
    await s.slack.chat.postMessage({ channel: job.owner, text: msg.text, ...(msg.blocks ? { blocks: msg.blocks } : {}), unfurl_links: false });
  } catch (err) {
    // Rate limits and network trouble are retried by the job; a refusal (owner deactivated) would only fail again.
    if (isWorthRetrying(err)) throw err;
    s.log.warn('action digest refused by Slack', { team: job.teamId, owner: job.owner, code: slackErrorCode(err) });
    return 'undeliverable';
  }
  return 'sent';
}
