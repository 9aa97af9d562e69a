import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, startHarness, type Harness } from '../support/harness.js';
import { startAlertmanager, type AlertmanagerProcess } from '../support/alertmanager.js';
import { ActionId } from '../../src/slack/views/ids.js';
import { BEARER, alertEntries, cardText, eventually, incidents } from './helpers.js';

/**
 * A real Prometheus Alertmanager (Debian's prometheus-alertmanager) sends its webhooks to
 * warroom; alerts are pushed into it through its API, as Prometheus would.
 */
let h: Harness;
let am: AlertmanagerProcess;

beforeAll(async () => {
  h = await startHarness({
    settings: {
      alerts: {
        routes: [
          {
            name: 'prod',
            format: 'alertmanager',
            token: BEARER,
            rules: [
              { match: { severity: 'critical' }, action: 'declare', severity: 'sev1', title: '{{labels.alertname}}: {{annotations.summary}}' },
              { match: { severity: 'warning' }, action: 'attach' },
            ],
          },
        ],
      },
    },
  });
  am = await startAlertmanager({ webhookUrl: `${h.appUrl}/alerts/prod`, bearer: BEARER });
}, 30_000);

afterAll(async () => {
  await am?.stop();
  await h?.close();
});

const now = (): string => new Date().toISOString();
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString();

describe('alerts from a real Alertmanager', () => {
  let n = 0;
  let channel = '';

  it('a critical alert declares an incident titled from its template, with nobody leading yet', async () => {
    await am.push([
      {
        labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout' },
        annotations: { summary: 'Checkout 5xx above 5% <!channel>' },
        startsAt: ago(60_000),
        generatorURL: 'http://prometheus.example/graph?g0.expr=errors',
      },
    ]);
    const [incident] = await eventually(async () => {
      const list = await incidents(h);
      expect(list).toHaveLength(1);
      expect(list[0]?.setup.complete).toBe(true);
      return list;
    });
    n = incident?.number ?? 0;
    channel = incident?.setup.channelId ?? '';
    expect(incident?.title).toBe('CheckoutErrors: Checkout 5xx above 5% <!channel>');
    expect(incident?.severity).toBe('sev1');
    expect(incident?.roles.commander).toBeUndefined();
    expect(h.standin.state.channels.get(channel)?.name).toMatch(/^inc-\d+-checkouterrors/);
  });

  it('records the firing alert on the timeline with its source link, escaped, and lists it on the card', async () => {
    const [entry] = await eventually(async () => {
      const list = await alertEntries(h, n);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(entry?.text).toContain('Alert firing: Checkout 5xx above 5%');
    expect(entry?.text).toContain('<http://prometheus.example/graph?g0.expr=errors|source>');
    const echoed = await eventually(() => {
      const m = h.standin.state.messagesIn(channel).find((x) => x.text.includes('Alert firing'));
      expect(m).toBeDefined();
      return m?.text ?? '';
    });
    expect(echoed).toContain('&lt;!channel&gt;');
    expect(echoed).not.toContain('<!channel>');
    expect(echoed).toContain('|source>');
    await eventually(() => expect(cardText(h, channel)).toContain('1 firing'));
  });

  it('the same alert pushed again and re-sent with its group adds nothing; a warning of the group attaches', async () => {
    await am.push([{ labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout' }, annotations: { summary: 'Checkout 5xx above 5% <!channel>' }, startsAt: ago(60_000) }]);
    await am.push([{ labels: { alertname: 'CheckoutErrors', severity: 'warning', service: 'checkout-canary' }, annotations: { summary: 'Canary errors' }, startsAt: now() }]);
    await eventually(async () => {
      const list = await alertEntries(h, n);
      expect(list.map((e) => e.text.replace(/ <http[^>]*>$/, ''))).toEqual(['Alert firing: Checkout 5xx above 5% <!channel>', 'Alert firing: Canary errors']);
    });
    expect(await incidents(h)).toHaveLength(1);
    await eventually(() => expect(cardText(h, channel)).toContain('2 firing'));
    // Said once in the channel too: the repeat and the group's re-send were not news.
    await new Promise((r) => setTimeout(r, 1_500));
    const lines = h.standin.state.messagesIn(channel).flatMap((m) => m.text.split('\n')).filter((l) => l.includes('Alert firing: Checkout 5xx'));
    expect(lines).toHaveLength(1);
  });

  it('resolving every alert records it, asks with a Resolve button, and leaves the incident open', async () => {
    await am.push([
      { labels: { alertname: 'CheckoutErrors', severity: 'critical', service: 'checkout' }, annotations: { summary: 'Checkout 5xx above 5% <!channel>' }, startsAt: ago(60_000), endsAt: now() },
      { labels: { alertname: 'CheckoutErrors', severity: 'warning', service: 'checkout-canary' }, annotations: { summary: 'Canary errors' }, startsAt: ago(30_000), endsAt: now() },
    ]);
    const prompt = await eventually(() => {
      const m = h.standin.state.messagesIn(channel).find((x) => x.text.includes('All alerts resolved'));
      expect(m).toBeDefined();
      return m;
    });
    const resolvedEntries = (await alertEntries(h, n)).filter((e) => e.text.startsWith('Alert resolved'));
    expect(resolvedEntries).toHaveLength(2);
    expect((await h.s.incidents.load(h.team, n))?.incident.status).toBe('investigating');
    await eventually(() => expect(cardText(h, channel)).toContain('none firing'));

    await h.standin.clickButton({ user: ANA, channel, messageTs: prompt?.ts ?? '', actionId: ActionId.resolveFromAlerts });
    await eventually(async () => expect((await h.s.incidents.load(h.team, n))?.incident.status).toBe('resolved'));
  });

  it('a storm of 500 alerts of one group opens one incident and records each alert once', async () => {
    const before = (await incidents(h)).length;
    const storm = Array.from({ length: 500 }, (_, i) => ({
      labels: { alertname: 'DiskFull', severity: 'critical', instance: `host-${i}` },
      annotations: { summary: `Disk full on host-${i}` },
      startsAt: ago(10_000),
    }));
    await am.push(storm.slice(0, 250));
    await am.push(storm.slice(250));
    // Repeats inside the storm change nothing.
    await am.push(storm.slice(0, 100));
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list).toHaveLength(1);
      expect(await alertEntries(h, list[0]?.number ?? 0)).toHaveLength(500);
      expect(list[0]?.setup.channelId).toBeDefined();
      return list[0];
    }, 30_000);
    await eventually(() => expect(cardText(h, created?.setup.channelId ?? '')).toContain('500 firing'));
    // The channel is told briefly, not 500 times.
    const echoes = h.standin.state.messagesIn(created?.setup.channelId ?? '').filter((m) => m.text.includes('Alert firing'));
    expect(echoes.length).toBeLessThan(10);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await incidents(h)).length).toBe(before + 1);
  }, 60_000);
});
