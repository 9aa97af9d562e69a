import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/views/ids.js';
import { ANA, BO, CY, responseText, startHarness, type Harness } from '../support/harness.js';
import { blocksText, channelTexts, dms, eventually, incidentOf, perSeverity, texts, timeline } from './helpers.js';

/**
 * End to end through signed requests: slash commands and block_actions go to the real Bolt
 * app, the app calls the Slack stand-in, the worker delivers pages. Timeouts are an hour
 * here, so only what the test does happens.
 */
const DEE = 'U0DEE';
const EVE = 'U0EVE';
const GHOST = 'U0GHOST';
const hour = perSeverity(60, 60, 60, 60);
const settings = {
  escalation: {
    defaultPolicy: 'Platform',
    policies: [
      {
        name: 'Platform',
        repeatLast: 1,
        levels: [
          { name: 'On-call engineering', targets: [BO], ackTimeoutMinutes: hour },
          { name: 'Database administrators', targets: ['S0DBA'], ackTimeoutMinutes: hour },
          { name: 'Senior engineering', targets: [CY], ackTimeoutMinutes: hour },
        ],
      },
      {
        name: 'Broken',
        levels: [{ name: 'Nobody home', targets: [GHOST, 'S0EMPTY', DEE], ackTimeoutMinutes: hour }],
      },
    ],
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ settings });
  h.standin.addUser({ id: DEE, name: 'dee', realName: 'Dee Mwangi', tz: 'Africa/Nairobi' });
  h.standin.addUser({ id: EVE, name: 'eve', realName: 'Eve Nilsson', tz: 'Europe/Stockholm' });
  h.standin.addUsergroup({ id: 'S0DBA', handle: 'dbas', users: [DEE, EVE] });
  h.standin.addUsergroup({ id: 'S0EMPTY', handle: 'nobody', users: [] });
});
afterAll(async () => {
  await h?.close();
});

function ackButtonMessage(user: string, n: number) {
  return dms(h.standin, user).find((m) => m.text.includes(`INC-${n} `) && blocksText(m).includes(ActionId.acknowledgePage));
}

describe('paging on declare', () => {
  it('pages level 1 also when a declare that Slack interrupted is finished by running it again', async () => {
    h.standin.failNext('pins.add', 'restricted_action');
    const first = await h.run(ANA, h.general, 'declare sev2 Interrupted by Slack');
    expect(first).toContain('could not pin the summary card');
    const channel = /<#([A-Z0-9]+)>/.exec(first)?.[1] ?? '';
    const n = await incidentOf(h, channel);
    expect(ackButtonMessage(BO, n)).toBeUndefined();
    expect(await h.run(ANA, h.general, 'declare sev2 Interrupted by Slack')).toContain('Finished setting up');
    await eventually(() => expect(ackButtonMessage(BO, n)).toBeDefined());
  });

  it('DMs level 1 with the title, severity, channel link and an Acknowledge button, and invites them', async () => {
    const channel = await h.declare(ANA, 'sev2 Logins failing for <!channel> new customers');
    const n = await incidentOf(h, channel);
    const dm = await eventually(() => {
      const m = ackButtonMessage(BO, n);
      expect(m).toBeDefined();
      return m!;
    });
    const body = blocksText(dm);
    expect(body).toContain(`INC-${n} (SEV2)`);
    expect(body).toContain('Logins failing for &lt;!channel&gt; new customers');
    expect(body).toContain(`<#${channel}>`);
    expect(body).toContain('On-call engineering');
    await eventually(() => expect(h.standin.state.channels.get(channel)?.members).toContain(BO));
    // The channel hears it and the pinned card shows who is paged.
    await eventually(() => expect(channelTexts(h.standin, channel).some((t) => t.includes('Paged On-call engineering (&lt;@U0BO&gt;)') || t.includes('Paged On-call engineering (<@U0BO>)'))).toBe(true));
    const cardTs = (await h.s.incidents.load(h.team, n))!.incident.setup.cardTs!;
    await eventually(() => expect(blocksText(h.standin.state.findMessage(channel, cardTs))).toMatch(/Paged \*On-call engineering\* \(<@U0BO>\) since .* · escalates to \*Database administrators\* at/));
  });

  it('the button acknowledges through block_actions: timeline, key time, card and DM all say who has it', async () => {
    const channel = await h.declare(ANA, 'sev2 Checkout returns 502');
    const n = await incidentOf(h, channel);
    const dm = await eventually(() => ackButtonMessage(BO, n) ?? expect.fail('no DM yet'));
    const click = await h.standin.clickButton({ user: BO, channel: dm.channel, messageTs: dm.ts, actionId: ActionId.acknowledgePage });
    expect(click.status).toBe(200);
    await eventually(async () => expect(await texts(h, n)).toContain('Acknowledged by <@U0BO> for On-call engineering'));
    const incident = (await h.s.incidents.load(h.team, n))!.incident;
    expect(incident.keyTimes.acknowledged).toBeDefined();
    expect(incident.escalation?.deadline).toBeUndefined();
    const ack = (await timeline(h, n)).find((e) => e.kind === 'ack');
    expect(ack).toMatchObject({ author: BO, source: 'button' });
    await eventually(() => expect(blocksText(h.standin.state.findMessage(dm.channel, dm.ts))).toContain('Acknowledged by <@U0BO>'));
    expect(blocksText(h.standin.state.findMessage(dm.channel, dm.ts))).not.toContain(ActionId.acknowledgePage);
    await eventually(() => expect(blocksText(h.standin.state.findMessage(channel, incident.setup.cardTs!))).toMatch(/acknowledged by <@U0BO> at/));
  });

  it('a double click acknowledges once and tells the second click who already did', async () => {
    const channel = await h.declare(ANA, 'sev2 Search down');
    const n = await incidentOf(h, channel);
    const dm = await eventually(() => ackButtonMessage(BO, n) ?? expect.fail('no DM yet'));
    const clicks = await Promise.all([1, 2].map(() => h.standin.clickButton({ user: BO, channel: dm.channel, messageTs: dm.ts, actionId: ActionId.acknowledgePage })));
    const urls = clicks.map((c) => c.responseUrl);
    const replies = await eventually(() => {
      const r = h.standin.responses.filter((x) => urls.some((u) => u?.endsWith(x.id))).map(responseText);
      expect(r).toHaveLength(2);
      return r;
    });
    expect(replies.filter((t) => t.startsWith(':ok_hand: You acknowledged'))).toHaveLength(1);
    expect(replies.filter((t) => t.includes('You already acknowledged this page'))).toHaveLength(1);
    expect((await timeline(h, n)).filter((e) => e.kind === 'ack')).toHaveLength(1);
  });
});

describe('/incident escalate and /incident ack', () => {
  it('pages the next level at once with the reason, looking up the user group and inviting its members', async () => {
    const channel = await h.declare(ANA, 'sev3 Replication lag');
    const n = await incidentOf(h, channel);
    const reply = await h.run(ANA, channel, 'escalate no improvement after CPU investigation');
    expect(reply).toMatch(/Paging \*Database administrators\* now/);
    await eventually(() => {
      expect(ackButtonMessage(DEE, n)).toBeDefined();
      expect(ackButtonMessage(EVE, n)).toBeDefined();
    });
    expect(blocksText(ackButtonMessage(DEE, n))).toContain('Reason: no improvement after CPU investigation');
    await eventually(() => expect(h.standin.state.channels.get(channel)?.members).toEqual(expect.arrayContaining([DEE, EVE])));
    const entry = (await timeline(h, n)).find((e) => e.kind === 'escalation');
    expect(entry).toMatchObject({ author: ANA, text: 'Escalated to Database administrators (user group S0DBA): no improvement after CPU investigation' });
    // A group member acknowledges with the command: it counts for the DBAs' page.
    expect(await h.run(EVE, channel, 'ack')).toMatch(/Acknowledged for \*Database administrators\*/);
    expect(await h.run(DEE, channel, 'ack')).toMatch(/Already acknowledged by <@U0EVE>/);
  });

  it('names a level or a person; a person outside the policy is paged without touching its timer', async () => {
    const channel = await h.declare(ANA, 'sev3 Queue backlog');
    const n = await incidentOf(h, channel);
    expect(await h.run(ANA, channel, 'escalate senior engineering backlog still growing')).toMatch(/Paging \*Senior engineering\* now/);
    expect(await h.run(ANA, channel, `escalate <@${ANA}|ana> you wrote the consumer`)).toMatch(/Paging <@U0ANA> now/);
    await eventually(() => expect(ackButtonMessage(ANA, n)).toBeDefined());
    expect(await texts(h, n)).toEqual([
      'Paged On-call engineering (<@U0BO>)',
      'Escalated to Senior engineering (<@U0CY>): backlog still growing',
      'Escalated to <@U0ANA>: you wrote the consumer',
    ]);
    const state = (await h.s.incidents.load(h.team, n))!.incident.escalation!;
    expect(state.level).toBe(2);
    expect(state.deadline).toBeDefined();
  });

  it('refuses a second acknowledgement by the same person, and an ack outside an incident channel', async () => {
    const channel = await h.declare(ANA, 'sev3 Cache stampede policy:platform');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(ackButtonMessage(BO, n)).toBeDefined());
    await h.run(BO, channel, 'ack');
    expect(await h.run(BO, channel, 'ack')).toMatch(/You already acknowledged this page/);
    expect(await h.run(BO, h.general, 'ack')).toMatch(/works in an incident's channel/);
  });

  it('the declare form offers the policies and the incident keeps the one chosen', async () => {
    const sent = await h.standin.sendCommand({ user: ANA, channel: h.general, text: '' });
    const view = await h.standin.waitFor(() => [...h.standin.state.views.values()].find((v) => v.trigger_id === sent.triggerId));
    expect(JSON.stringify(view.view.blocks)).toContain('Escalation policy');
    const result = await h.standin.submitView({
      user: ANA,
      viewId: view.id,
      values: {
        title: { title: { type: 'plain_text_input', value: 'Invoices not sent' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev3' } } },
        policy: { policy: { type: 'static_select', selected_option: { value: 'Broken' } } },
        visibility: { visibility: { type: 'radio_buttons', selected_option: { value: 'public' } } },
      },
    });
    expect(result.status).toBe(200);
    const channel = await h.standin.waitFor(() => [...h.standin.state.channels.values()].find((c) => c.name.endsWith('invoices-not-sent')));
    const n = await eventually(() => incidentOf(h, channel.id));
    const incident = await eventually(async () => {
      const i = (await h.s.incidents.load(h.team, n))!.incident;
      expect(i.escalation?.pages).toHaveLength(1);
      return i;
    });
    expect(incident.policy?.name).toBe('Broken');
    // Delivery failures to the ghost and the empty group are recorded asynchronously; only the page matters here.
    expect((await texts(h, n)).filter((t) => t.startsWith('Paged'))).toEqual(['Paged Nobody home (<@U0GHOST>, <@U0DEE>, user group S0EMPTY)']);
  });

  it('an unknown policy name is refused before anything is declared', async () => {
    const before = await h.s.incidents.openNumbers(h.team);
    expect(await h.run(ANA, h.general, 'declare sev2 Wrong policy policy:nope')).toMatch(/no escalation policy named "nope".*`Platform`, `Broken`/);
    expect(await h.s.incidents.openNumbers(h.team)).toEqual(before);
  });
});

describe('Slack failures while paging', () => {
  it('records permanent failures (unknown user, empty group) in the timeline and the channel, once, and still pages the rest', async () => {
    const channel = await h.declare(ANA, 'sev3 Billing export stuck policy:Broken');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(ackButtonMessage(DEE, n)).toBeDefined());
    await eventually(async () => {
      const problems = await texts(h, n, ['page']);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^Could not page <@U0GHOST> \(Nobody home\): Slack does not know that user/),
          'Could not page user group S0EMPTY (Nobody home): the group has no members',
        ]),
      );
    });
    await eventually(() => expect(channelTexts(h.standin, channel).filter((t) => t.startsWith(':warning: Could not page'))).toHaveLength(2));
    await eventually(() => expect(h.standin.state.channels.get(channel)?.members).toContain(DEE));
  });

  it('retries a rate-limited or failing DM with backoff and sends it exactly once', async () => {
    const channel = await h.declare(ANA, 'sev3 CDN errors policy:"Platform"');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(ackButtonMessage(BO, n)).toBeDefined());
    h.standin.rateLimitNext('chat.postMessage', 1, 1);
    h.standin.failHttpNext('chat.postMessage', 503, 1);
    await h.run(ANA, channel, `escalate <@${CY}> CDN vendor contact`);
    await eventually(() => expect(ackButtonMessage(CY, n)).toBeDefined(), 15_000);
    await eventually(() => expect(channelTexts(h.standin, channel).filter((t) => t.includes('Escalated to') && t.includes('CDN vendor contact'))).toHaveLength(1));
    expect(dms(h.standin, CY).filter((m) => m.text.includes(`INC-${n} `))).toHaveLength(1);
    const failed = h.standin.calls.filter((c) => c.method === 'chat.postMessage' && !c.ok);
    expect(failed.map((c) => c.status)).toEqual(expect.arrayContaining([429, 503]));
  });
});
