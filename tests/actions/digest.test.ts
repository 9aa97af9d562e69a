import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileConfig } from '../../src/config/settings.js';
import { refreshDigestSchedules } from '../../src/app/action-item-timers.js';
import { DigestJobName, digestJobId, digestSchedulerId, QueueName, type DigestJob } from '../../src/jobs/queues.js';
import { actionItemStoreFor } from '../../src/store/action-items.js';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';
import { dmMessages, movableClock, sleep, until } from './helpers.js';

/**
 * The daily digest on real BullMQ: the workspace tick fans out one job per owner, each delayed to
 * 9:00 in that owner's zone (ANA Nairobi, BO Stockholm, CY Lagos); the jobs are promoted here.
 * Wednesday, May 20 2026, 9:00 EAT is 06:00Z.
 */
const clock = movableClock();
const NINE_EAT = Date.parse('2026-05-20T06:00:00Z');
let h: Harness;

beforeAll(async () => {
  // Monday, May 18: `tomorrow` is May 19, overdue by the digest on Wednesday.
  clock.set(Date.parse('2026-05-18T06:00:00Z'));
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clock.now });
  const first = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  const second = await h.declare(CY, 'sev3 Slow search');
  await h.run(ANA, first, `action add Alert on DB connection errors <@${BO}> due 2026-05-25 preventive`);
  await h.run(ANA, first, `action add Runbook for failover <@${ANA}>`);
  await h.run(CY, second, `action add Index the orders table <@${BO}> due tomorrow`);
  await h.run(CY, second, `action add Latency alert <@${CY}> due 2026-06-01`);
  await h.run(CY, second, 'action done A4');
  await h.run(CY, second, 'action add Nobody owns this');
});
afterAll(async () => {
  await h.close();
});

const digests = (user: string) => dmMessages(h.standin, user).filter((m) => m.text.startsWith(':clipboard:'));
const job = (owner: string, date: string) => h.s.queues.get(QueueName.actionItemDigests, h.team).getJob(digestJobId(h.team, owner, date));

describe('the daily digest', () => {
  it('runs on a scheduler per workspace at the configured hour in the default zone', async () => {
    const scheduler = await h.s.queues.get(QueueName.actionItemDigests, h.team).getJobScheduler(digestSchedulerId(h.team));
    expect(scheduler).toMatchObject({ pattern: '0 9 * * *', tz: 'Africa/Nairobi' });
  });

  it('sends each owner one digest of their open items at 9:00 in their zone, and nothing to owners with nothing open', async () => {
    clock.set(NINE_EAT + 1);
    await h.s.queues.get(QueueName.actionItemDigests, h.team).add(DigestJobName.tick, { teamId: h.team });
    // ANA's 9:00 is now; BO's (CEST) and CY's (WAT) come one and two hours later.
    await h.standin.waitFor(() => digests(ANA).length === 1, 5_000);
    const bo = await until(async () => job(BO, '2026-05-20'));
    const cy = await until(async () => job(CY, '2026-05-20'));
    expect(await bo.getState()).toBe('delayed');
    expect((bo.data as DigestJob).at).toBe(Date.parse('2026-05-20T07:00:00Z'));
    expect((cy.data as DigestJob).at).toBe(Date.parse('2026-05-20T08:00:00Z'));
    // Delayed from when the tick ran: after 9:00 EAT (+1 ms), and no later than now.
    const sinceNine = clock.now() - NINE_EAT;
    for (const [j, hours] of [[bo, 1], [cy, 2]] as const) {
      expect(j.delay).toBeLessThanOrEqual(hours * 3600_000 - 1);
      expect(j.delay).toBeGreaterThanOrEqual(hours * 3600_000 - sinceNine);
    }
    await Promise.all([bo.promote(), cy.promote()]);
    await h.standin.waitFor(() => digests(BO).length === 1, 5_000);
    await until(async () => (await (await job(CY, '2026-05-20'))?.getState()) === 'completed');

    const [boDigest] = digests(BO);
    expect(boDigest?.text).toContain('*Your open action items: 2* (1 overdue)');
    const lines = boDigest!.text.split('\n').filter((l) => l.startsWith('•'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('Index the orders table');
    expect(lines[0]).toContain('*overdue*');
    expect(lines[1]).toContain('Alert on DB connection errors');
    expect(digests(ANA)[0]?.text).toContain('Runbook for failover');
    expect(digests(ANA)[0]?.text).not.toContain('Index the orders table');
    expect(digests(CY)).toHaveLength(0);
    // CY owns nothing open any more, so tomorrow's tick leaves them out.
    expect((await actionItemStoreFor(h.s.redis).owners(h.team)).sort()).toEqual([ANA, BO].sort());
  });

  it('does not send a day\'s digest twice when the tick runs again', async () => {
    const tick = await h.s.queues.get(QueueName.actionItemDigests, h.team).add(DigestJobName.tick, { teamId: h.team });
    await until(async () => (await tick.getState()) === 'completed');
    const bo = await job(BO, '2026-05-20');
    expect(await bo?.getState()).toBe('completed');
    await sleep(300);
    expect(digests(ANA)).toHaveLength(1);
    expect(digests(BO)).toHaveLength(1);
  });

  it('fans out one job per owner with the owner\'s local date', async () => {
    const data = (await h.s.queues.get(QueueName.actionItemDigests, h.team).getJobs(['delayed'])).map((j) => j.data as DigestJob).filter((d) => 'owner' in d);
    const owners = data.map((d) => `${d.owner} ${d.date}`).sort();
    expect(owners).toEqual([`${ANA} 2026-05-21`]);
  });

  it('follows a changed digest hour at the next worker start', async () => {
    const before = h.s.settings;
    h.s.settings = FileConfig.parse({ actionItems: { digestHour: 8 } });
    try {
      expect(await refreshDigestSchedules(h.s)).toBe(1);
      expect(await h.s.queues.get(QueueName.actionItemDigests, h.team).getJobScheduler(digestSchedulerId(h.team))).toMatchObject({ pattern: '0 8 * * *' });
    } finally {
      h.s.settings = before;
    }
  });
});
