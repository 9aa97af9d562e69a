import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { ActionId } from '../../src/slack/views/ids.js';
import { QueueName } from '../../src/jobs/queues.js';
import { alertEntries, eventually, incidents, post } from './helpers.js';

const GENERIC = 'generic-token-0123456789';
const GRAFANA = 'grafana-token-0123456789';
const DATADOG = 'datadog-token-0123456789';
const AUTO = 'auto-token-0123456789abc';
const BASIC = { username: 'alertmanager', password: 'basic-pass-0123456789' };

let h: Harness;
let triage = '';

beforeAll(async () => {
  h = await startHarness({
    settings: {
      alerts: {
        routes: [
          {
            name: 'generic',
            format: 'generic',
            token: GENERIC,
            rateLimitPerMinute: 1_000,
            rules: [
              { match: { team: 'payments' }, action: 'declare', severity: 'sev2', groupBy: ['service'] },
              { match: { team: 'noise' }, action: 'ignore' },
            ],
          },
          { name: 'grafana', format: 'grafana', token: GRAFANA, rules: [{ action: 'declare', severity: 'sev3' }] },
          { name: 'datadog', format: 'datadog', token: DATADOG, rules: [{ action: 'declare', title: 'Datadog: {{title}}' }] },
          { name: 'auto', format: 'generic', token: AUTO, autoResolve: true, rules: [{ action: 'declare' }] },
          { name: 'limited', format: 'generic', basicAuth: BASIC, rateLimitPerMinute: 2, rules: [{ action: 'ignore' }] },
        ],
      },
    },
  });
  // Posted to by the triage rule: unmatched alerts of the generic route.
  triage = h.standin.addChannel({ name: 'alerts-triage', members: [ANA, BO] }).id;
  h.s.settings.alerts.triageChannel = triage;
});

afterAll(async () => {
  await h?.close();
});

const bearer = (t: string): string => `Bearer ${t}`;
const basic = `Basic ${Buffer.from(`${BASIC.username}:${BASIC.password}`).toString('base64')}`;
const alert = (over: Record<string, unknown> = {}) => ({ title: 'Payments API 5xx', status: 'firing', fingerprint: 'pay-1', labels: { team: 'payments', service: 'payments-api' }, url: 'https://grafana.example/d/pay', ...over });

async function jobsQueued(): Promise<number> {
  const counts = await h.s.queues.get(QueueName.alerts, h.team).getJobCounts();
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

describe('refusing what is not an alert from a known sender', () => {
  it('answers 401 without a token, with a wrong one, or for an unknown route, and records nothing', async () => {
    const before = await jobsQueued();
    expect((await post(h, 'generic', alert())).status).toBe(401);
    expect((await post(h, 'generic', alert(), bearer('wrong-token-0123456789'))).status).toBe(401);
    expect((await post(h, 'generic', alert(), bearer(GRAFANA))).status).toBe(401);
    expect((await post(h, 'nope', alert(), bearer(GENERIC))).status).toBe(401);
    expect((await post(h, 'limited', alert(), `Basic ${Buffer.from('alertmanager:guess').toString('base64')}`)).status).toBe(401);
    expect(await jobsQueued()).toBe(before);
    expect(await incidents(h)).toHaveLength(0);
  });

  it('answers 400 with the reason for a body that is not JSON or not the route’s format', async () => {
    const notJson = await post(h, 'generic', '{"title": ', bearer(GENERIC));
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { reason: string }).reason).toContain('not JSON');
    const wrong = await post(h, 'generic', { title: 'x', status: 'burning', fingerprint: 'f' }, bearer(GENERIC));
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { reason: string }).reason).toMatch(/status/);
    expect(await incidents(h)).toHaveLength(0);
  });

  it('answers 429 with Retry-After once a route is over its rate (basic auth accepted)', async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await post(h, 'limited', alert({ fingerprint: `l-${i}` }), basic));
    expect(answers.map((r) => r.status)).toEqual([202, 202, 429, 429]);
    expect(Number(answers[2]?.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the generic JSON', () => {
  it('fifty requests of one group at once open one incident, each alert recorded once', async () => {
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) => post(h, 'generic', alert({ fingerprint: `pay-${i % 25}`, title: `Payments API 5xx on pod ${i % 25}` }), bearer(GENERIC))),
    );
    expect(sent.every((r) => r.status === 202)).toBe(true);
    const [incident] = await eventually(async () => {
      const list = await incidents(h);
      expect(list).toHaveLength(1);
      expect(await alertEntries(h, list[0]?.number ?? 0)).toHaveLength(25);
      return list;
    }, 40_000);
    expect(incident?.severity).toBe('sev2');
  }, 60_000);

  it('a rule can ignore alerts: nothing is declared or posted', async () => {
    const before = (await incidents(h)).length;
    expect((await post(h, 'generic', alert({ fingerprint: 'n-1', labels: { team: 'noise' } }), bearer(GENERIC))).status).toBe(202);
    await new Promise((r) => setTimeout(r, 500));
    expect((await incidents(h)).length).toBe(before);
  });
});

describe('Grafana and Datadog through their routes', () => {
  it('Grafana firing alerts declare an incident with the panel link on the timeline', async () => {
    const before = (await incidents(h)).length;
    const body = {
      receiver: 'warroom', status: 'firing', orgId: 1, groupKey: '{}:{}', version: '1', title: '[FIRING:1]', state: 'alerting',
      alerts: [{ status: 'firing', labels: { alertname: 'High memory usage', team: 'blue' }, annotations: { summary: 'Memory above 90%' }, startsAt: new Date().toISOString(), endsAt: '0001-01-01T00:00:00Z', generatorURL: 'https://grafana.example/alerting/1/edit', fingerprint: 'c6eadffa33fcdf37', panelURL: 'https://grafana.example/d/abc?viewPanel=2', dashboardURL: 'https://grafana.example/d/abc' }],
    };
    expect((await post(h, 'grafana', body, bearer(GRAFANA))).status).toBe(202);
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list).toHaveLength(1);
      return list[0];
    });
    expect(created?.severity).toBe('sev3');
    const [entry] = await eventually(async () => {
      const list = await alertEntries(h, created?.number ?? 0);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(entry?.text).toContain('<https://grafana.example/d/abc?viewPanel=2|source>');
  });

  it('Datadog "[Triggered]" then "[Recovered]" fire and resolve one alert', async () => {
    const before = (await incidents(h)).length;
    const base = { id: '1', body: 'CPU above 90%', event_type: 'query_alert_monitor', date: String(Date.now()), org: { id: '1', name: 'Acme' } };
    expect((await post(h, 'datadog', { ...base, title: '[Triggered on {host:web-1}] High CPU' }, bearer(DATADOG))).status).toBe(202);
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list).toHaveLength(1);
      // Its channel: where "All alerts resolved" is asked below.
      expect(list[0]?.setup.channelId).toBeDefined();
      return list[0];
    });
    expect(created?.title).toBe('Datadog: High CPU');
    expect((await post(h, 'datadog', { ...base, title: '[Recovered on {host:web-1}] High CPU' }, bearer(DATADOG))).status).toBe(202);
    await eventually(async () => {
      const texts = (await alertEntries(h, created?.number ?? 0)).map((e) => e.text);
      expect(texts).toEqual(['Alert firing: High CPU', 'Alert resolved: High CPU']);
    });
    await eventually(() => expect(h.standin.state.messagesIn(created?.setup.channelId ?? '').some((m) => m.text.includes('All alerts resolved'))).toBe(true));
    expect((await h.s.incidents.load(h.team, created?.number ?? 0))?.incident.status).toBe('investigating');
  });
});

describe('when Slack fails as the last alert resolves', () => {
  it('still asks "All alerts resolved" once, on the job’s retry', async () => {
    const before = (await incidents(h)).length;
    await post(h, 'generic', alert({ fingerprint: 'slack-1', title: 'Ledger lag', labels: { team: 'payments', service: 'ledger' } }), bearer(GENERIC));
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list[0]?.setup.complete).toBe(true);
      return list[0];
    });
    const channel = created?.setup.channelId ?? '';
    await eventually(async () => expect(await alertEntries(h, created?.number ?? 0)).toHaveLength(1));
    h.standin.failNext('chat.postMessage', 'internal_error', 2);
    await post(h, 'generic', alert({ fingerprint: 'slack-1', title: 'Ledger lag', status: 'resolved', labels: { team: 'payments', service: 'ledger' } }), bearer(GENERIC));
    await eventually(() => expect(h.standin.state.messagesIn(channel).filter((m) => m.text.includes('All alerts resolved'))).toHaveLength(1), 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(h.standin.state.messagesIn(channel).filter((m) => m.text.includes('All alerts resolved'))).toHaveLength(1);
  }, 40_000);
});

describe('a route that opts into auto-resolve', () => {
  it('resolves the incident itself when its last alert resolves', async () => {
    const before = (await incidents(h)).length;
    await post(h, 'auto', alert({ fingerprint: 'a-1', title: 'Batch job late' }), bearer(AUTO));
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list[0]?.setup.complete).toBe(true);
      return list[0];
    });
    await post(h, 'auto', alert({ fingerprint: 'a-1', title: 'Batch job late', status: 'resolved' }), bearer(AUTO));
    await eventually(async () => expect((await h.s.incidents.load(h.team, created?.number ?? 0))?.incident.status).toBe('resolved'));
  });
});

describe('triage', () => {
  const triageMessages = () => h.standin.state.messagesIn(triage).filter((m) => m.text.startsWith('Alert needs triage'));

  it('an alert no rule takes is asked about once per group, escaped, with Declare / Attach / Ignore', async () => {
    await post(h, 'generic', alert({ fingerprint: 't-1', title: 'Search slow <!here>', labels: { alertname: 'SearchSlow' } }), bearer(GENERIC));
    await post(h, 'generic', alert({ fingerprint: 't-2', title: 'Search slow in eu', labels: { alertname: 'SearchSlow' } }), bearer(GENERIC));
    const [question] = await eventually(() => {
      const list = triageMessages();
      expect(list).toHaveLength(1);
      return list;
    });
    const blocks = JSON.stringify(question?.blocks);
    expect(blocks).toContain('Search slow &lt;!here&gt;');
    expect(blocks).not.toContain('<!here>');
    for (const id of [ActionId.triageDeclare, ActionId.triageAttach, ActionId.triageIgnore]) expect(blocks).toContain(id);
  });

  it('Declare opens an incident holding every alert of the question; a second click is told it was handled', async () => {
    const question = triageMessages()[0];
    const before = (await incidents(h)).length;
    await eventually(async () => expect(await h.s.redis.hlen(`{wr:${h.team}}:alerts`)).toBeGreaterThan(0));
    await h.standin.clickButton({ user: BO, channel: triage, messageTs: question?.ts ?? '', actionId: ActionId.triageDeclare });
    const created = await eventually(async () => {
      const list = (await incidents(h)).slice(before);
      expect(list).toHaveLength(1);
      expect(await alertEntries(h, list[0]?.number ?? 0)).toHaveLength(2);
      return list[0];
    });
    expect(created?.declaredBy).toBe(BO);
    expect(created?.title).toBe('Search slow <!here>');
    // The question is answered once the incident is set up, a moment after it is saved.
    await eventually(() => expect(JSON.stringify(h.standin.state.findMessage(triage, question?.ts ?? '')?.blocks)).toContain(`Declared as INC-${created?.number}`));
  });

  it('Ignore keeps the group quiet; Attach adds the alerts to the chosen incident', async () => {
    await post(h, 'generic', alert({ fingerprint: 'i-1', title: 'Disk 80%', labels: { alertname: 'Disk80' } }), bearer(GENERIC));
    const ignoreQ = await eventually(() => {
      const m = triageMessages().find((x) => x.text.includes('Disk 80%'));
      expect(m).toBeDefined();
      return m;
    });
    await h.standin.clickButton({ user: ANA, channel: triage, messageTs: ignoreQ?.ts ?? '', actionId: ActionId.triageIgnore });
    await eventually(() => expect(JSON.stringify(h.standin.state.findMessage(triage, ignoreQ?.ts ?? '')?.blocks)).toContain('Ignored'));
    await post(h, 'generic', alert({ fingerprint: 'i-2', title: 'Disk 85%', labels: { alertname: 'Disk80' } }), bearer(GENERIC));

    const target = (await incidents(h))[0];
    await post(h, 'generic', alert({ fingerprint: 'c-1', title: 'Cache misses high', labels: { alertname: 'CacheMiss' } }), bearer(GENERIC));
    const attachQ = await eventually(() => {
      const m = triageMessages().find((x) => x.text.includes('Cache misses'));
      expect(m).toBeDefined();
      return m;
    });
    await h.standin.clickButton({ user: ANA, channel: triage, messageTs: attachQ?.ts ?? '', actionId: ActionId.triageAttach, value: `${JSON.stringify(attachQ?.blocks).match(/"value":"([0-9a-f]+):/)?.[1] ?? ''}:${target?.number}` });
    await eventually(async () => expect((await alertEntries(h, target?.number ?? 0)).map((e) => e.text)).toContain('Alert firing: Cache misses high <https://grafana.example/d/pay|source>'));
    await new Promise((r) => setTimeout(r, 300));
    expect(h.standin.state.messagesIn(triage).filter((x) => x.text.includes('Disk 8'))).toHaveLength(1);
  });
});
