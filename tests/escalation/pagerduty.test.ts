import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/views/ids.js';
import { startPagerDutyStandin, type PagerDutyStandin } from '../../src/standin/pagerduty.js';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { blocksText, channelTexts, dms, eventually, incidentOf, perSeverity, texts } from './helpers.js';

/**
 * A level whose target is a PagerDuty service: the page goes out through the Events API v2 (a
 * local stand-in of it), is acknowledged both ways, and resolves with the incident.
 */
const PRIMARY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const SECONDARY = '0f9e8d7c6b5a49382716f5e4d3c2b1a0';
const BROKEN = 'too-short-routing-key';
const SECRET = 'pd-webhook-secret-0123456789';
const hour = perSeverity(60, 60, 60, 60);

let h: Harness;
let pd: PagerDutyStandin;
let appUrl = '';

beforeAll(async () => {
  pd = await startPagerDutyStandin({ webhookSecret: SECRET, webhookUrl: () => `${appUrl}/integrations/pagerduty` });
  h = await startHarness({
    env: { PAGERDUTY_EVENTS_URL: pd.eventsUrl, PAGERDUTY_WEBHOOK_SECRET: SECRET },
    settings: {
      escalation: {
        defaultPolicy: 'Payments',
        policies: [
          {
            name: 'Payments',
            levels: [
              { name: 'Payments on-call', targets: [{ pagerduty: PRIMARY }, BO], ackTimeoutMinutes: hour },
              { name: 'Payments leads', targets: [{ pagerduty: SECONDARY }], ackTimeoutMinutes: hour },
            ],
          },
          { name: 'Misconfigured', levels: [{ name: 'Broken service', targets: [{ pagerduty: BROKEN }], ackTimeoutMinutes: hour }] },
        ],
      },
    },
  });
  appUrl = h.appUrl;
});

afterAll(async () => {
  await h?.close();
  await pd?.close();
});

const dedup = (n: number, level = 0): string => `warroom-${h.team}-INC${n}-L${level}`;

describe('a PagerDuty service as an escalation target', () => {
  let n = 0;
  let channel = '';

  it('declaring pages level 1 on PagerDuty (Events API v2 trigger, dedup key per incident and level) and in Slack', async () => {
    channel = await h.declare(ANA, 'sev1 Card payments failing');
    n = await incidentOf(h, channel);
    const alert = await eventually(() => {
      const a = pd.alert(PRIMARY, dedup(n));
      expect(a?.status).toBe('triggered');
      return a;
    });
    expect(alert?.severity).toBe('critical');
    expect(alert?.summary).toContain('Card payments failing');
    const paged = await texts(h, n, ['page']);
    expect(paged[0]).toContain('a PagerDuty service');
    // The routing key is a secret: it never reaches Slack.
    expect(JSON.stringify(h.standin.state.messagesIn(channel))).not.toContain(PRIMARY);
    await eventually(() => expect(dms(h.standin, BO).some((m) => blocksText(m).includes(ActionId.acknowledgePage))).toBe(true));
  });

  it('acknowledging in Slack acknowledges the PagerDuty alert', async () => {
    const dm = dms(h.standin, BO).find((m) => blocksText(m).includes(ActionId.acknowledgePage));
    await h.standin.clickButton({ user: BO, channel: dm?.channel ?? '', messageTs: dm?.ts ?? '', actionId: ActionId.acknowledgePage });
    await eventually(() => expect(pd.alert(PRIMARY, dedup(n))?.status).toBe('acknowledged'));
  });

  it('resolving the incident resolves the PagerDuty alert', async () => {
    await h.run(ANA, channel, 'status resolved card payments back');
    await eventually(() => expect(pd.alert(PRIMARY, dedup(n))?.status).toBe('resolved'));
    expect(pd.alert(PRIMARY, dedup(n))?.actions).toEqual(['trigger', 'acknowledge', 'resolve']);
  });
});

describe('acknowledged in PagerDuty', () => {
  it('records who acknowledged there, stops the escalation, and takes the button off the Slack page', async () => {
    const channel = await h.declare(ANA, 'sev2 Refunds stuck');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(pd.alert(PRIMARY, dedup(n))?.status).toBe('triggered'));
    await eventually(() => expect(dms(h.standin, BO).some((m) => m.text.includes(`INC-${n} `) && blocksText(m).includes(ActionId.acknowledgePage))).toBe(true));

    const sent = await pd.acknowledge(PRIMARY, dedup(n), 'Jane <!here> Doe');
    expect(sent.status).toBe(200);
    expect(await texts(h, n, ['ack'])).toEqual(['Acknowledged in PagerDuty by Jane <!here> Doe for Payments on-call']);
    const loaded = await h.s.incidents.load(h.team, n);
    expect(loaded?.incident.escalation?.deadline).toBeUndefined();
    expect(loaded?.incident.keyTimes.acknowledged).toBeDefined();
    await eventually(() => expect(channelTexts(h.standin, channel).some((t) => t.includes('Acknowledged in PagerDuty by Jane &lt;!here&gt; Doe'))).toBe(true));
    await eventually(() => expect(dms(h.standin, BO).filter((m) => m.text.includes(`INC-${n} `)).every((m) => !blocksText(m).includes(ActionId.acknowledgePage))).toBe(true));

    // PagerDuty may deliver a webhook twice: nothing is recorded twice.
    expect((await pd.acknowledge(PRIMARY, dedup(n), 'Jane <!here> Doe')).status).toBe(200);
    expect(await texts(h, n, ['ack'])).toHaveLength(1);
  });

  it('refuses a webhook without the subscription’s signature (401) and records nothing', async () => {
    const channel = await h.declare(ANA, 'sev2 Payouts delayed');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(pd.alert(PRIMARY, dedup(n))?.status).toBe('triggered'));
    const forged = await pd.acknowledge(PRIMARY, dedup(n), 'Mallory', { secret: 'not-the-secret-0000' });
    expect(forged.status).toBe(401);
    expect(await texts(h, n, ['ack'])).toEqual([]);
  });
});

describe('when PagerDuty says no', () => {
  it('a refused event (400, its reasons) is said in the channel; a 429 is retried until accepted', async () => {
    const broken = await h.declare(ANA, 'sev3 Misconfigured service policy:Misconfigured');
    await eventually(() => expect(channelTexts(h.standin, broken).some((t) => t.includes('Could not page PagerDuty (Broken service)') && t.includes("Length of 'routing_key' is incorrect"))).toBe(true));

    pd.failNext(429);
    const channel = await h.declare(ANA, 'sev3 Slow settlements');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(pd.alert(PRIMARY, dedup(n))?.status).toBe('triggered'), 15_000);
    expect(pd.requests.some((r) => r.status === 429)).toBe(true);
  });
});
