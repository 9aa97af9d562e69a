import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStatusReminderTimer } from '../../src/app/status-reminders.js';
import { ANA, startHarness, type Harness } from '../support/harness.js';
import { dms, incidentOf } from '../escalation/helpers.js';

/** Reminders are posted by a job; here the job is run by hand so each attempt can be watched. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ workers: false });
});
afterAll(async () => {
  await h.close();
});

const reminders = (channel: string) => h.standin.state.messagesIn(channel).filter((m) => m.text.includes('status update'));

describe('a status-update reminder whose post was taken by Slack but not confirmed', () => {
  it('is posted once: the retried job finds it by its metadata and only arms the next one', async () => {
    const channel = await h.declare(ANA, 'sev2 Checkout returns 502');
    const n = await incidentOf(h, channel);
    const seq = (await h.s.incidents.load(h.team, n))?.incident.escalation?.reminder?.seq;
    expect(seq).toBeDefined();
    const job = { teamId: h.team, incident: n, seq: seq ?? 0 };

    // Slack posts the reminder, then the answer is lost (a 503 after the work, or a worker killed).
    h.standin.loseAnswerNext('chat.postMessage', 503);
    await expect(runStatusReminderTimer(h.s, job)).rejects.toThrow();
    expect(reminders(channel)).toHaveLength(1);

    // BullMQ retries the job.
    expect(await runStatusReminderTimer(h.s, job)).toBe('reminded');
    expect(reminders(channel)).toHaveLength(1);
    expect((await h.s.incidents.load(h.team, n))?.incident.escalation?.reminder?.seq).toBe((seq ?? 0) + 1);
  });

  it('that can never be posted (the bot was removed from the channel) is said to the commander instead', async () => {
    const channel = await h.declare(ANA, 'sev3 Search is slow');
    const n = await incidentOf(h, channel);
    const seq = (await h.s.incidents.load(h.team, n))?.incident.escalation?.reminder?.seq ?? 0;
    h.standin.failNext('chat.postMessage', 'not_in_channel');
    await expect(runStatusReminderTimer(h.s, { teamId: h.team, incident: n, seq })).rejects.toThrow('cannot post the status-update reminder');
    expect(dms(h.standin, ANA).map((m) => m.text)).toContainEqual(expect.stringContaining('I could not post the status-update reminder for INC-2'));
  });
});
