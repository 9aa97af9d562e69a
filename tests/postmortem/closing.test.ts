import { afterEach, describe, expect, it, vi } from 'vitest';
import { ActionId } from '../../src/slack/views/ids.js';
import type { Standin } from '../../src/standin/index.js';
import { queuePostmortem } from '../../src/app/postmortem-delivery.js';
import { QueueName } from '../../src/jobs/queues.js';
import { keys } from '../../src/store/keys.js';
import { ANA, BO, responseText, startHarness, type Harness } from '../support/harness.js';

/** Closing through Slack: the command, the card's button, the confirmation, and what gets delivered. */

const FAST = { postmortem: { deliveryAttempts: 3, retryDelayMs: 100 } };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function uploads(standin: Standin, name: string) {
  return [...standin.state.files.values()].filter((f) => f.name === name && f.completed);
}

function messages(standin: Standin, channel: string) {
  return standin.state.messages.get(channel) ?? [];
}

/** Waits until the postmortem queue has nothing waiting, delayed or running, so "nothing more happened" is a real check. */
async function drained(harness: Harness): Promise<void> {
  const queue = harness.s.queues.get(QueueName.postmortem, harness.team);
  await vi.waitFor(
    async () => {
      const c = await queue.getJobCounts('waiting', 'delayed', 'active', 'prioritized');
      expect(Object.values(c).every((n) => n === 0)).toBe(true);
    },
    { timeout: 10_000, interval: 50 },
  );
}

/** Clicks a button and resolves with the text the app answered through the response_url. */
async function click(harness: Harness, a: { user: string; channel: string; messageTs: string; actionId: string }): Promise<string> {
  const sent = await harness.standin.clickButton(a);
  const id = sent.responseUrl?.split('/').pop();
  const r = await harness.standin.waitFor(() => harness.standin.responses.find((x) => x.id === id));
  return responseText(r);
}

async function resolvedIncident(harness: Harness): Promise<string> {
  const channel = await harness.declare(ANA, 'sev2 Checkout returns 502');
  await harness.run(ANA, channel, 'impact about 40% of orders fail');
  await harness.run(ANA, channel, 'status resolved');
  return channel;
}

describe('closing an incident', () => {
  it('closes a resolved incident, updates topic and card, leaves the open list, and delivers the draft once', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await resolvedIncident(h);
    const reply = await h.run(ANA, channel, 'close');
    expect(reply).toContain('INC-1 is closed');
    const file = await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0]);
    expect(file.channels).toEqual([channel]);
    expect(file.content).toMatch(/^# INC-1: Checkout returns 502\n/);
    expect(file.content).toContain('**Impact:** about 40% of orders fail');
    const summary = await h.standin.waitFor(() => messages(h!.standin, channel).find((m) => m.text.startsWith('INC-1 postmortem draft v1')));
    expect(JSON.stringify(summary.blocks)).toContain(`|INC-1-postmortem.md>`);
    const announced = await h.standin.waitFor(() => messages(h!.standin, h!.broadcastId ?? '').find((m) => m.text.includes('Postmortem draft v1')));
    expect(announced.text).toContain(`<#${channel}>`);
    const loaded = await h.s.incidents.load(h.team, 1);
    expect(loaded?.incident).toMatchObject({ status: 'closed', postmortemVersion: 1 });
    expect(await h.s.incidents.openNumbers(h.team)).toEqual([]);
    expect(h.standin.state.channels.get(channel)?.topic).toContain('Closed');
    const card = messages(h.standin, channel).find((m) => m.ts === loaded?.incident.setup.cardTs);
    expect(JSON.stringify(card?.blocks)).not.toContain(ActionId.closeIncident);
    // Closing again is refused, and a repeated delivery of the same version uploads nothing new.
    expect(await h.run(ANA, channel, 'close')).toContain('already closed');
    await queuePostmortem(h.s, { teamId: h.team, incident: 1, version: 1, announce: true });
    await drained(h);
    expect(uploads(h.standin, 'INC-1-postmortem.md')).toHaveLength(1);
    expect(await h.s.redis.hget(keys.postmortemDelivery(h.team, 1), '1:file')).toContain(file.id);
  });
});

describe('closing an unresolved incident', () => {
  it('asks first, and the confirmation resolves it now and closes it', async () => {
    // Bo is a warroom admin here: admins may close any incident they are in.
    h = await startHarness({ settings: { ...FAST, permissions: { admins: [BO] } } });
    const channel = await h.declare(ANA, 'sev2 Logins fail');
    h.join(channel, BO);
    const reply = await h.run(BO, channel, 'close');
    expect(reply).toContain('INC-1 is still *Investigating*');
    expect((await h.s.incidents.load(h.team, 1))?.incident.status).toBe('investigating');
    const prompt = await h.standin.waitFor(() => h!.standin.state.ephemerals.find((e) => e.user === BO && JSON.stringify(e.blocks ?? []).includes(ActionId.confirmClose)));
    const answer = await click(h, { user: BO, channel, messageTs: prompt.ts, actionId: ActionId.confirmClose });
    expect(answer).toContain('INC-1 is closed. It was marked resolved first.');
    const loaded = await h.s.incidents.load(h.team, 1);
    expect(loaded?.incident.status).toBe('closed');
    expect(loaded?.incident.keyTimes.resolved).toBe(loaded?.incident.keyTimes.closed);
    const kinds = (await h.s.incidents.timelineAll(h.team, 1)).map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['status', 'closed']);
    await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0]);
    // A second click of the same confirmation closes nothing twice.
    expect(await click(h, { user: BO, channel, messageTs: prompt.ts, actionId: ActionId.confirmClose })).toContain('already closed');
    await drained(h);
    expect(uploads(h.standin, 'INC-1-postmortem.md')).toHaveLength(1);
  });

  it("works from the pinned card's Close button: asks when unresolved, closes when resolved", async () => {
    h = await startHarness({ settings: FAST });
    const channel = await h.declare(ANA, 'sev3 Search is slow');
    const cardTs = (await h.s.incidents.load(h.team, 1))?.incident.setup.cardTs ?? '';
    expect(await click(h, { user: ANA, channel, messageTs: cardTs, actionId: ActionId.closeIncident })).toContain('still *Investigating*');
    await h.run(ANA, channel, 'status resolved');
    expect(await click(h, { user: ANA, channel, messageTs: cardTs, actionId: ActionId.closeIncident })).toContain('INC-1 is closed.');
    const closed = (await h.s.incidents.timelineAll(h.team, 1)).find((e) => e.kind === 'closed');
    expect(closed).toMatchObject({ author: ANA, source: 'button' });
    await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0]);
  });
});

describe('delivering the draft', () => {
  it('retries a failed upload and uploads one file when it gets through', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await resolvedIncident(h);
    h.standin.failNext('files.getUploadURLExternal', 'internal_error', 2);
    await h.run(ANA, channel, 'close');
    const file = await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0], 10_000);
    expect(file.content).toContain('# INC-1: Checkout returns 502');
    await drained(h);
    expect(h.standin.calls.filter((c) => c.method === 'files.getUploadURLExternal').map((c) => c.ok)).toEqual([false, false, true]);
    expect(uploads(h.standin, 'INC-1-postmortem.md')).toHaveLength(1);
  });

  it('says so in the channel when every attempt failed', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await resolvedIncident(h);
    h.standin.failNext('files.getUploadURLExternal', 'internal_error', 3);
    await h.run(ANA, channel, 'close');
    const report = await h.standin.waitFor(() => messages(h!.standin, channel).find((m) => m.text.startsWith(':x: The postmortem draft')), 10_000);
    expect(report.text).toBe(":x: The postmortem draft v1 of INC-1 could not be delivered (tried 3 times): Slack answered `internal_error`. The record is safe; `/incident postmortem` tries again.");
    expect(uploads(h.standin, 'INC-1-postmortem.md')).toHaveLength(0);
    // Asking again delivers it, as the next version.
    await h.run(ANA, channel, 'postmortem');
    const file = await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0], 10_000);
    expect(file.title).toBe('INC-1 postmortem draft v2');
  });

  it('does not upload again when the attempt that uploaded died before posting its message', async () => {
    h = await startHarness({ settings: FAST, workers: false });
    const channel = await resolvedIncident(h);
    await h.run(ANA, channel, 'close');
    // The job waits for a worker; the first attempt uploads, then fails on the summary message.
    h.standin.failNext('chat.postMessage', 'internal_error', 1);
    const workers = h.startWorkers();
    try {
      await h.standin.waitFor(() => messages(h!.standin, channel).find((m) => m.text.startsWith('INC-1 postmortem draft v1')), 10_000);
      await drained(h);
    } finally {
      await workers.close(2_000);
    }
    expect(h.standin.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === channel).map((c) => c.ok)).toContain(false);
    expect(h.standin.calls.filter((c) => c.method === 'files.completeUploadExternal')).toHaveLength(1);
    expect(uploads(h.standin, 'INC-1-postmortem.md')).toHaveLength(1);
    expect(messages(h.standin, channel).filter((m) => m.text.startsWith('INC-1 postmortem draft v1'))).toHaveLength(1);
  });

  it('drafts again on request as a later version, with fixes made after closing', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await resolvedIncident(h);
    await h.run(ANA, channel, 'close');
    await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md')[0], 10_000);
    h.join(channel, BO);
    expect(await h.run(BO, channel, 'cause a bad deploy of the payment gateway')).toContain('`/incident postmortem` drafts the postmortem again');
    expect(await h.run(BO, channel, 'postmortem')).toContain('draft v2');
    const v2 = await h.standin.waitFor(() => uploads(h!.standin, 'INC-1-postmortem.md').find((f) => f.title.endsWith('v2')), 10_000);
    expect(v2.content).toContain('a bad deploy of the payment gateway');
    await drained(h);
    expect(uploads(h.standin, 'INC-1-postmortem.md').map((f) => f.title)).toEqual(['INC-1 postmortem draft v1', 'INC-1 postmortem draft v2']);
    // Only closing is announced in the broadcast channel.
    expect(messages(h.standin, h.broadcastId ?? '').filter((m) => m.text.includes('Postmortem draft'))).toHaveLength(1);
  });
});
