import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { QueueName } from '../../src/jobs/queues.js';
import { budgetRule } from '../../src/slack/api/rate-tiers.js';
import { createSlackBudget } from '../../src/store/slack-budget.js';
import { keys } from '../../src/store/keys.js';
import { ANA, BO, CY, responseText, startHarness, type Harness } from '../support/harness.js';
import { movableClock } from '../actions/helpers.js';
import { eventually } from '../escalation/helpers.js';

/**
 * A declare paused by Slack's rate limit, on each way in: the form (told by DM), an alert (told
 * where alerts are talked about), and a Retry-After Slack returns although the budget allowed the
 * call. The budget is filled by hand, as twenty other processes would have; the clock is moved
 * and the `declare-setup` job promoted, as in declare-storm.test.ts.
 */
const TOKEN = 'storm-alerts-token-0123456789';
const settings = {
  escalation: {
    defaultPolicy: 'Platform',
    policies: [{ name: 'Platform', levels: [{ name: 'On-call engineering', targets: [BO], ackTimeoutMinutes: { sev1: 60, sev2: 60, sev3: 60, sev4: 60 } }] }],
  },
  alerts: { routes: [{ name: 'generic', format: 'generic', token: TOKEN, rules: [{ action: 'declare', severity: 'sev2' }] }] },
};

/** Generous: a busy 2-core machine running the cluster takes seconds over what is instant when idle. */
const WAIT_MS = 20_000;
const clock = movableClock();
let h: Harness;

beforeAll(async () => {
  clock.set(Date.parse('2026-03-02T09:00:00Z'));
  h = await startHarness({ now: clock.now, enforceRateTiers: true, settings });
});
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  // Each test starts with the minute's channels spent by others, and nothing held.
  await h.s.redis.del(keys.slackBudget(h.team, 'conversations.create'), keys.slackHold(h.team, 'conversations.create'));
});

/** Twenty channels were just made by other processes of this workspace. */
async function spendCreates(): Promise<void> {
  const budget = createSlackBudget(h.s.redis);
  for (let i = 0; i < 20; i++) await budget.reserve(h.team, 'conversations.create', budgetRule('conversations.create'), `other-${clock.now()}-${i}`, clock.now());
}

/** Moves the clock to when the incident's paused setup is due and runs its job now. */
async function runWhenDue(n: number): Promise<void> {
  const loaded = await h.s.incidents.load(h.team, n);
  const until = loaded?.incident.setup.waiting?.until;
  expect(until, `INC-${n} is not waiting`).toBeDefined();
  clock.set(Math.max(clock.now(), until ?? 0));
  const queue = h.s.queues.get(QueueName.declareSetup, h.team);
  for (const job of await queue.getDelayed()) if ((job.data as { incident: number }).incident === n) await job.promote();
  await eventually(async () => expect((await h.s.incidents.load(h.team, n))?.incident.setup.complete).toBe(true), WAIT_MS);
}

const dmTexts = (user: string) => h.standin.state.messagesIn(h.standin.state.dms.get(user) ?? '').map((m) => m.text);
const pagesOf = async (n: number) => (await h.s.incidents.timelineAll(h.team, n)).filter((e) => e.kind === 'page').map((e) => e.text);

describe('a declare that waits for Slack', { timeout: 60_000 }, () => {
  it('from the form: the declarer is told by DM that it waits and when, then that it is done; paging follows', async () => {
    await spendCreates();
    const sent = await h.standin.sendCommand({ user: ANA, channel: h.general, text: '' });
    const view = await h.standin.waitFor(() => [...h.standin.state.views.values()].find((v) => v.trigger_id === sent.triggerId), WAIT_MS);
    await h.standin.submitView({
      user: ANA,
      viewId: view.id,
      values: {
        title: { title: { type: 'plain_text_input', value: 'Form declared while full' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev2' } } },
        visibility: { visibility: { type: 'radio_buttons', selected_option: { value: 'public' } } },
      },
    });
    const waiting = await h.standin.waitFor(() => dmTexts(ANA).find((t) => t.includes('Form declared while full')), WAIT_MS);
    expect(waiting).toMatch(/^:stopwatch: INC-(\d+) \(SEV2\): Form declared while full is saved\. Slack lets an app create 20 channels a minute and 20 were made in the last minute\. I'll create #inc-\d+-form-declared-while-full in about 61 s and tell you here\.$/);
    const n = Number(/INC-(\d+)/.exec(waiting)?.[1]);
    expect(await pagesOf(n)).toEqual([]);
    await runWhenDue(n);
    await h.standin.waitFor(() => dmTexts(ANA).some((t) => t.startsWith(`:white_check_mark: Finished setting up INC-${n} `)), WAIT_MS);
    expect(await pagesOf(n)).toEqual([`Paged On-call engineering (<@${BO}>)`]);
  });

  it('from an alert: said in the broadcast channel, where nobody asked, and done there too', async () => {
    await spendCreates();
    const res = await fetch(`${h.appUrl}/alerts/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ title: 'Checkout 5xx above 5%', status: 'firing', fingerprint: 'storm-1', labels: { service: 'checkout' } }),
    });
    expect(res.status).toBe(202);
    const said = () => h.standin.state.messagesIn(h.broadcastId ?? '').map((m) => m.text);
    const waiting = await h.standin.waitFor(() => said().find((t) => t.includes('Checkout 5xx above 5%') && t.startsWith(':stopwatch:')), WAIT_MS);
    expect(waiting).toMatch(/^:stopwatch: INC-\d+ \(SEV2\): Checkout 5xx above 5% is saved\. Slack lets an app create 20 channels a minute and 20 were made in the last minute\. I'll create #inc-\d+-checkout-5xx-above-5 in about \d+ s and say so here\.$/);
    const n = Number(/INC-(\d+)/.exec(waiting)?.[1]);
    await runWhenDue(n);
    await h.standin.waitFor(() => said().some((t) => t.startsWith(`:white_check_mark: INC-${n} (SEV2): Checkout 5xx above 5% is set up. Channel: <#`)), WAIT_MS);
    expect(await pagesOf(n)).toEqual([`Paged On-call engineering (<@${BO}>)`]);
  });

  it('when Slack refuses a create all the same, every process holds off for its Retry-After and nothing fails', async () => {
    h.standin.rateLimitNext('conversations.create', 1, 30);
    const first = await h.run(CY, h.general, 'declare sev3 Refused by Slack once');
    expect(first).toMatch(/^:stopwatch: INC-\d+ \(SEV3\): Refused by Slack once is saved\. Slack is rate-limiting the bot and asked it to wait\. I'll create #inc-\d+-refused-by-slack-once in about (29|30) s and tell you here\.$/);
    // Another declare meanwhile is held off too, without asking Slack.
    const creates = () => h.standin.calls.filter((c) => c.method === 'conversations.create').length;
    const before = creates();
    const second = await h.run(ANA, h.general, 'declare sev3 Second while held');
    expect(second).toMatch(/^:stopwatch: INC-\d+ .* Slack lets an app create 20 channels a minute and \d+ were made in the last minute.* in about (29|30) s and tell you here\.$/);
    expect(creates()).toBe(before);
    const n1 = Number(/INC-(\d+)/.exec(first)?.[1]);
    const n2 = Number(/INC-(\d+)/.exec(second)?.[1]);
    await runWhenDue(n1);
    await runWhenDue(n2);
    const cmdPosts = () => h.standin.responses.map((r) => responseText(r));
    // The job tells the declarer just after the setup is saved complete.
    await h.standin.waitFor(() => cmdPosts().some((t) => t.startsWith(`:white_check_mark: Finished setting up INC-${n2} `)), WAIT_MS);
    expect(cmdPosts().filter((t) => t.startsWith(`:white_check_mark: Finished setting up INC-${n1} `))).toHaveLength(1);
    expect(cmdPosts().filter((t) => t.startsWith(`:white_check_mark: Finished setting up INC-${n2} `))).toHaveLength(1);
    expect(cmdPosts().filter((t) => /could not/.test(t))).toEqual([]);
    expect(h.standin.calls.filter((c) => c.method === 'conversations.create').map((c) => c.status).filter((st) => st === 429)).toHaveLength(1);
  });
});
