import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionItemReminderJobId as reminderJobId, QueueName } from '../../src/jobs/queues.js';
import { runActionItemReminder } from '../../src/app/action-item-reminders.js';
import { ActionId } from '../../src/slack/views/ids.js';
import { actionItemStoreFor } from '../../src/store/action-items.js';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { dmMessages, hasButton, movableClock, reminderDms, sleep, until } from './helpers.js';

/**
 * Reminders on real BullMQ. The clock is moved so an item's due instant (9:00 in the owner's zone on
 * its due day) is a second or so away, and later jobs are promoted instead of waited for.
 * BO's zone (users.info) is Europe/Stockholm: 9:00 CEST on Wednesday, May 20 2026 is 07:00Z.
 */
const clock = movableClock();
const DUE = '2026-05-20';
const DUE_AT = Date.parse('2026-05-20T07:00:00Z');
let h: Harness;
let channel: string;
let n: number;

beforeAll(async () => {
  clock.set(DUE_AT - 3600_000);
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clock.now });
  channel = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

const store = () => actionItemStoreFor(h.s.redis);
const queue = () => h.s.queues.get(QueueName.actionItemReminders, h.team);
const item = async (id: number) => (await store().get(h.team, id))!;
const jobState = async (id: number, at: number) => (await queue().getJob(reminderJobId(h.team, id, at)))?.getState();

/** Adds an item owned by BO due on DUE and returns its id. */
async function addItem(text: string, where = channel): Promise<number> {
  const reply = await h.run(ANA, where, `action add ${text} <@${BO}> due ${DUE}`);
  const id = /\*A(\d+)\*/.exec(reply)?.[1];
  if (!id) throw new Error(reply);
  return Number(id);
}

async function promote(id: number, at: number): Promise<void> {
  const job = await until(async () => queue().getJob(reminderJobId(h.team, id, at)));
  await job.promote();
}

describe('reminders to the owner', () => {
  it('reminds the owner once when the item comes due, with Done and Snooze buttons', async () => {
    clock.set(DUE_AT - 1_200);
    const id = await addItem('Alert on DB connection errors');
    const [dm] = await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`).length > 0 && reminderDms(h.standin, BO, `A${id}`), 5_000);
    expect(JSON.stringify(dm?.blocks)).toContain(`A${id} is due today.`);
    for (const button of [ActionId.actionItemDone, ActionId.actionItemSnoozeDay, ActionId.actionItemSnoozeWeek]) expect(hasButton(dm!, button)).toBe(true);
    await sleep(800);
    expect(reminderDms(h.standin, BO, `A${id}`)).toHaveLength(1);
    const after = await item(id);
    expect(after.lastReminder?.at).toBe(DUE_AT);
    // The next one is armed for the next working day, 9:00 in Stockholm.
    expect(after.remindAt).toBe(Date.parse('2026-05-21T07:00:00Z'));
    expect(await jobState(id, Date.parse('2026-05-21T07:00:00Z'))).toBe('delayed');
  });

  it('never reminds about an item done before it was due, not even from a job already queued', async () => {
    clock.set(DUE_AT - 2_000);
    const id = await addItem('Test config changes in staging');
    expect(await jobState(id, DUE_AT)).toBe('delayed');
    expect(await h.run(BO, h.general, `action done A${id}`)).toContain('is done');
    expect(await jobState(id, DUE_AT)).toBeUndefined();
    // As if removing it had failed: the job still runs, re-reads the item, and does nothing.
    await queue().add('remind', { teamId: h.team, id, at: DUE_AT }, { jobId: reminderJobId(h.team, id, DUE_AT) });
    await until(async () => (await jobState(id, DUE_AT)) === undefined);
    await until(async () => clock.now() > DUE_AT + 500);
    expect(reminderDms(h.standin, BO, `A${id}`)).toHaveLength(0);
    expect(await runActionItemReminder(h.s, { teamId: h.team, id, at: DUE_AT })).toBe('stale');
  });

  it('moves the reminder when the owner snoozes it, and reminds again when the snooze ends', async () => {
    clock.set(DUE_AT - 1_000);
    const id = await addItem('Review schema and queries');
    const dm = await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`)[0], 5_000);
    const nextWorkingDay = Date.parse('2026-05-21T07:00:00Z');
    await until(async () => (await jobState(id, nextWorkingDay)) === 'delayed');
    const clicked = await h.standin.clickButton({ user: BO, channel: dm.channel, messageTs: dm.ts, actionId: ActionId.actionItemSnoozeDay });
    expect(clicked.status).toBe(200);
    const snoozed = await until(async () => {
      const i = await item(id);
      return i.snoozedUntil !== undefined && i;
    });
    expect(snoozed.remindAt).toBe(snoozed.snoozedUntil);
    expect(Math.abs((snoozed.snoozedUntil ?? 0) - (clock.now() + 86_400_000))).toBeLessThan(10_000);
    // The item is saved snoozed first, then its old job is removed: wait for that, do not race it.
    await until(async () => (await jobState(id, nextWorkingDay)) === undefined);
    const moved = await queue().getJob(reminderJobId(h.team, id, snoozed.snoozedUntil ?? 0));
    expect(await moved?.getState()).toBe('delayed');
    await h.standin.waitFor(() => h.standin.state.findMessage(dm.channel, dm.ts)?.text.includes('snoozed until'));
    expect(hasButton(h.standin.state.findMessage(dm.channel, dm.ts)!)).toBe(false);
    await moved?.promote();
    const second = await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`).filter((m) => hasButton(m)).at(0));
    expect(second.ts).not.toBe(dm.ts);
  });

  it('marks the item done from the DM, once, even when Done is double-clicked', async () => {
    clock.set(DUE_AT - 1_000);
    const id = await addItem('Add a replica lag alert');
    const dm = await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`)[0], 5_000);
    const next = await until(async () => (await item(id)).remindAt);
    const clicks = await Promise.all([1, 2].map(() => h.standin.clickButton({ user: BO, channel: dm.channel, messageTs: dm.ts, actionId: ActionId.actionItemDone })));
    expect(clicks.map((c) => c.status)).toEqual([200, 200]);
    await until(async () => (await item(id)).state === 'done');
    await h.standin.waitFor(() => h.standin.state.findMessage(dm.channel, dm.ts)?.text.includes('done'));
    await sleep(300);
    const entries = (await h.s.incidents.timelineAll(h.team, n)).filter((e) => e.change?.field === `A${id}.state`);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ author: BO, source: 'button', change: { to: 'done' } });
    expect(h.standin.state.messagesIn(channel).filter((m) => m.text.includes(`A${id} done:`))).toHaveLength(1);
    expect(hasButton(h.standin.state.findMessage(dm.channel, dm.ts)!)).toBe(false);
    expect(await jobState(id, next)).toBeUndefined();
  });

  it('keeps chasing long after the incident is closed', async () => {
    await h.s.incidents.mutate(h.team, n, ({ incident }) => ({ change: { incident: { ...incident, status: 'closed' } }, result: undefined }));
    clock.set(DUE_AT - 1_000);
    const id = await addItem('Document the failover runbook');
    await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`)[0], 5_000);
  });
});

describe('escalation of overdue items', () => {
  it('tells the commander and the channel once the item is 5 working days overdue, and keeps reminding the owner', async () => {
    clock.set(DUE_AT - 20 * 3600_000);
    const id = await addItem('Continuously monitor the database');
    // A week later: May 21, 22, 25, 26 and 27 are five working days past the due day.
    clock.set(Date.parse('2026-05-27T07:00:00Z'));
    await promote(id, DUE_AT);
    const escalations = () => dmMessages(h.standin, ANA).filter((m) => m.text.includes(`*A${id}*`) && m.text.includes('5 working days overdue'));
    const [toCommander] = await h.standin.waitFor(() => escalations().length > 0 && escalations(), 5_000);
    expect(toCommander?.text).toContain(`owner <@${BO}>`);
    await h.standin.waitFor(() => h.standin.state.messagesIn(channel).some((m) => m.text.includes(`*A${id}*`) && m.text.includes('overdue')));
    const ownerDm = await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`)[0]);
    expect(JSON.stringify(ownerDm.blocks)).toContain('is overdue* by 5 working days');
    const after = await item(id);
    expect(after.escalatedAt).toBeDefined();
    expect(after.remindAt).toBe(Date.parse('2026-05-28T07:00:00Z'));
    // The next day's reminder reaches the owner only.
    await promote(id, Date.parse('2026-05-28T07:00:00Z'));
    await h.standin.waitFor(() => reminderDms(h.standin, BO, `A${id}`).length === 2);
    await sleep(300);
    expect(escalations()).toHaveLength(1);
    expect(h.standin.state.messagesIn(channel).filter((m) => m.text.includes(`*A${id}*`) && m.text.includes('overdue'))).toHaveLength(1);
  });
});
