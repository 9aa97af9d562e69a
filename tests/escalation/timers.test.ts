import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, timerJobId } from '../../src/jobs/queues.js';
import { ActionId, ViewId } from '../../src/slack/views/ids.js';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';
import { channelTexts, dms, eventually, incidentOf, ms, perSeverity, sleep, texts } from './helpers.js';
import { movableClock } from '../actions/helpers.js';

/**
 * Real Redis, real BullMQ workers, real Bolt app against the Slack stand-in. Severities are
 * used as knobs: SEV1 escalates after 300 ms, SEV2 after 2 s, SEV3/SEV4 after an hour;
 * status updates are due hourly, and the test fires a reminder when it wants one by promoting its
 * delayed job (BullMQ's own "run it now"), so nothing depends on how fast this machine is.
 */
const settings = {
  escalation: {
    defaultPolicy: 'Platform',
    policies: [
      {
        name: 'Platform',
        repeatLast: 1,
        levels: [
          { name: 'On-call engineering', targets: [ANA], ackTimeoutMinutes: perSeverity(ms(300), ms(2_000), 60, 60) },
          { name: 'Database administrators', targets: [BO], ackTimeoutMinutes: perSeverity(ms(300), ms(2_000), 60, 60) },
          { name: 'Senior engineering', targets: [CY], ackTimeoutMinutes: perSeverity(ms(300), ms(2_000), 60, 60) },
        ],
      },
    ],
  },
  statusUpdates: { intervalMinutes: perSeverity(60, 60, 60, 60) },
};

let h: Harness;
/** Real time until the status-update test moves it an hour on, as if the hour had passed. */
const clock = movableClock();
beforeAll(async () => {
  h = await startHarness({ settings, now: clock.now });
});
afterAll(async () => {
  await h?.close();
});

async function jobExists(id: string): Promise<boolean> {
  return (await h.s.queues.get(QueueName.timers, h.team).getJob(id)) !== undefined;
}

describe('automatic escalation on real BullMQ', () => {
  it('walks On-call → DBAs → Senior engineering, re-pages the last level once, then stops and tells the commander', async () => {
    const channel = await h.declare(ANA, 'sev1 Logins failing for new customers');
    const n = await incidentOf(h, channel);
    await eventually(async () => expect(await texts(h, n)).toHaveLength(5));
    expect(await texts(h, n)).toEqual([
      'Paged On-call engineering (<@U0ANA>)',
      'Escalated to Database administrators (<@U0BO>): nobody acknowledged On-call engineering within 1 second',
      'Escalated to Senior engineering (<@U0CY>): nobody acknowledged Database administrators within 1 second',
      'Paged Senior engineering again (re-page 1 of 1) (<@U0CY>): nobody acknowledged within 1 second',
      'Nobody acknowledged Senior engineering after 2 pages; automatic escalation stopped. Page someone by name with `/incident escalate @person`',
    ]);
    // Each level heard once, the last level twice, and each was invited to the channel.
    await eventually(() => {
      expect(dms(h.standin, BO)).toHaveLength(1);
      expect(dms(h.standin, CY)).toHaveLength(2);
    });
    const members = h.standin.state.channels.get(channel)?.members ?? [];
    expect(members).toEqual(expect.arrayContaining([ANA, BO, CY]));
    // The channel is told about every step, and the commander is called on once paging runs out.
    await eventually(() => expect(channelTexts(h.standin, channel).filter((t) => t.includes(`<@${ANA}>, nobody has acknowledged yet`))).toHaveLength(2));
    await sleep(800);
    expect(await texts(h, n)).toHaveLength(5);
  });
});

describe('acknowledging and resolving cancel the timers', () => {
  it('an acknowledgement removes the pending escalation, so the DBAs are never paged', async () => {
    const channel = await h.declare(ANA, 'sev2 Checkout slow');
    const n = await incidentOf(h, channel);
    expect(await jobExists(timerJobId.escalation(h.team, n, 0, 0))).toBe(true);
    expect(await h.run(ANA, channel, 'ack')).toMatch(/Acknowledged for \*On-call engineering\*/);
    expect(await jobExists(timerJobId.escalation(h.team, n, 0, 0))).toBe(false);
    await sleep(2_400);
    expect(await texts(h, n)).toEqual(['Paged On-call engineering (<@U0ANA>)', 'Acknowledged by <@U0ANA> for On-call engineering']);
    expect(dms(h.standin, BO).some((m) => m.text.includes(`INC-${n} `))).toBe(false);
  });

  it('resolving stops the escalation and the update reminder', async () => {
    const channel = await h.declare(ANA, 'sev2 Search index stale');
    const n = await incidentOf(h, channel);
    const reminderSeq = (await h.s.incidents.load(h.team, n))?.incident.escalation?.reminder?.seq ?? -1;
    expect(await jobExists(timerJobId.statusReminder(h.team, n, reminderSeq))).toBe(true);
    await h.run(ANA, channel, 'status resolved rolled back');
    await eventually(async () => {
      expect(await jobExists(timerJobId.escalation(h.team, n, 0, 0))).toBe(false);
      expect(await jobExists(timerJobId.statusReminder(h.team, n, reminderSeq))).toBe(false);
    });
    const state = (await h.s.incidents.load(h.team, n))?.incident.escalation;
    expect(state?.stopped).toBe(true);
    expect(state?.reminder).toBeUndefined();
    await sleep(2_400);
    expect(await texts(h, n)).toEqual(['Paged On-call engineering (<@U0ANA>)']);
  });
});

describe('status-update reminders', () => {
  /** Fires the incident's pending reminder now: the clock moves past its hour, and its job runs at once. */
  async function fireReminder(n: number): Promise<void> {
    clock.set(clock.now() + 61 * 60_000);
    const seq = (await h.s.incidents.load(h.team, n))?.incident.escalation?.reminder?.seq;
    const job = await h.s.queues.get(QueueName.timers, h.team).getJob(timerJobId.statusReminder(h.team, n, seq ?? -1));
    if (!job) throw new Error('no status-update reminder is pending');
    await job.promote();
  }

  it('reminds the commander when no update was posted, snoozes for 30 minutes, and re-arms after an update', async () => {
    const channel = await h.declare(BO, 'sev4 Slow admin dashboard');
    h.join(channel, CY);
    const n = await incidentOf(h, channel);
    const reminders = () => h.standin.state.messagesIn(channel).filter((m) => m.text.startsWith(':alarm_clock:'));
    expect(reminders()).toHaveLength(0);
    await fireReminder(n);
    await eventually(() => expect(reminders()).toHaveLength(1));
    const first = reminders()[0]!;
    expect(first.text).toContain(`<@${BO}> No status update since the incident was declared`);

    // Snooze: the message says until when, and the next reminder is 30 minutes away.
    const clicked = await h.standin.clickButton({ user: CY, channel, messageTs: first.ts, actionId: ActionId.snoozeStatusReminder });
    expect(clicked.status).toBe(200);
    await eventually(() => expect(h.standin.state.findMessage(channel, first.ts)?.text).toMatch(/snoozed by <@U0CY> until/));
    const snoozed = (await h.s.incidents.load(h.team, n))!.incident.escalation!.reminder!;
    expect(snoozed.due - h.s.now()).toBeGreaterThan(29 * 60_000);
    const job = await h.s.queues.get(QueueName.timers, h.team).getJob(timerJobId.statusReminder(h.team, n, snoozed.seq));
    expect(job?.opts.delay).toBeGreaterThan(29 * 60_000);
    // The snoozed reminder now reads "snoozed by …"; no other reminder came.
    const countAfterSnooze = reminders().length;

    // An update is posted, recorded, and the reminder is re-armed one interval later (the snoozed one is gone).
    expect(await h.run(CY, channel, 'update Index rebuilt; dashboards recovering')).toMatch(/Update posted here and in <#/);
    await eventually(() => {
      expect(channelTexts(h.standin, channel).some((t) => t.includes('Index rebuilt; dashboards recovering'))).toBe(true);
      expect(channelTexts(h.standin, h.broadcastId!).some((t) => t.includes('Index rebuilt; dashboards recovering'))).toBe(true);
    });
    const loaded = (await h.s.incidents.load(h.team, n))!.incident;
    expect(loaded.lastUpdateAt).toBeDefined();
    expect(loaded.escalation?.reminder?.seq).toBe(snoozed.seq + 1);
    expect(await jobExists(timerJobId.statusReminder(h.team, n, snoozed.seq))).toBe(false);
    await fireReminder(n);
    await eventually(() => expect(reminders()).toHaveLength(countAfterSnooze + 1));
    const latest = reminders().at(-1)!;
    expect(latest.text).toMatch(/The last status update was/);

    // Post update opens a modal; submitting it posts and records the update like the command.
    const opened = await h.standin.clickButton({ user: ANA, channel, messageTs: latest.ts, actionId: ActionId.postUpdate });
    expect(opened.status).toBe(200);
    const view = await h.standin.waitFor(() => [...h.standin.state.views.values()].find((v) => v.user === ANA && !v.closed && v.view.callback_id === ViewId.statusUpdate));
    const submitted = await h.standin.submitView({ user: ANA, viewId: view.id, values: { update: { update: { value: 'Dashboards back to normal' } } } });
    expect(submitted.status).toBe(200);
    await eventually(async () => expect(await texts(h, n, ['update'])).toEqual(['Index rebuilt; dashboards recovering', 'Dashboards back to normal']));
    // Recorded first, then posted: wait for the post rather than race it.
    await eventually(() => expect(channelTexts(h.standin, channel).some((t) => t.includes('Dashboards back to normal') && t.includes(`<@${ANA}>`))).toBe(true));
  });
});
