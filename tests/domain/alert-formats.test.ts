import { describe, expect, it } from 'vitest';
import { parseAlerts } from '../../src/domain/alerts/formats.js';
import { groupKey, matchRule, renderTitle, AlertRule } from '../../src/domain/alerts/rules.js';

/** Grafana Alerting's webhook example, as in Grafana's documentation (webhook notifier). */
const grafanaDocExample = {
  receiver: 'My Super Webhook',
  status: 'firing',
  orgId: 1,
  alerts: [
    {
      status: 'firing',
      labels: { alertname: 'High memory usage', team: 'blue', zone: 'us-1' },
      annotations: { description: 'The system has high memory usage', runbook_url: 'https://myrunbook.com/runbook/1234', summary: 'This alert was triggered for zone us-1' },
      startsAt: '2021-10-12T09:51:03.157076+02:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://play.grafana.org/alerting/1afz29v7z/edit',
      fingerprint: 'c6eadffa33fcdf37',
      silenceURL: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT2%2Cteam%3Dblue%2Czone%3Dus-1',
      dashboardURL: '',
      panelURL: '',
      values: { B: 44.23943737541908, C: 1 },
    },
    {
      status: 'firing',
      labels: { alertname: 'High CPU usage', team: 'blue', zone: 'eu-1' },
      annotations: { description: 'The system has high CPU usage', runbook_url: 'https://myrunbook.com/runbook/1234', summary: 'This alert was triggered for zone eu-1' },
      startsAt: '2021-10-12T09:56:03.157076+02:00',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'https://play.grafana.org/alerting/d1rdpdv7k/edit',
      fingerprint: 'bc97ff14869b13e3',
      silenceURL: 'https://play.grafana.org/alerting/silence/new?alertmanager=grafana&matchers=alertname%3DT1%2Cteam%3Dblue%2Czone%3Deu-1',
      dashboardURL: '',
      panelURL: '',
      values: { B: 44.23943737541908, C: 1 },
    },
  ],
  groupLabels: {},
  commonLabels: { team: 'blue' },
  commonAnnotations: {},
  externalURL: 'https://play.grafana.org/',
  version: '1',
  groupKey: '{}:{}',
  truncatedAlerts: 0,
  title: '[FIRING:2]  (blue)',
  state: 'alerting',
  message: '**Firing**\n\nLabels:\n - alertname = T2\n',
};

/** Alertmanager's webhook body (version 4), as documented in its configuration reference. */
const alertmanagerDocExample = {
  version: '4',
  groupKey: '{}:{alertname="InstanceDown"}',
  truncatedAlerts: 0,
  status: 'resolved',
  receiver: 'warroom',
  groupLabels: { alertname: 'InstanceDown' },
  commonLabels: { alertname: 'InstanceDown', job: 'node' },
  commonAnnotations: {},
  externalURL: 'http://alertmanager:9093',
  alerts: [
    {
      status: 'resolved',
      labels: { alertname: 'InstanceDown', instance: 'web-1:9100', job: 'node', severity: 'critical' },
      annotations: { summary: 'web-1 is down' },
      startsAt: '2026-11-30T10:00:00Z',
      endsAt: '2026-11-30T10:12:00Z',
      generatorURL: 'http://prometheus:9090/graph?g0.expr=up+%3D%3D+0',
      fingerprint: '5f1e0c2b8a7d9e31',
    },
  ],
};

describe('reading each sender’s payload', () => {
  it('Grafana: every alert with its fingerprint, summary as title, and a link back', () => {
    const r = parseAlerts('grafana', grafanaDocExample);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.alerts.map((a) => [a.fingerprint, a.status, a.title])).toEqual([
      ['c6eadffa33fcdf37', 'firing', 'This alert was triggered for zone us-1'],
      ['bc97ff14869b13e3', 'firing', 'This alert was triggered for zone eu-1'],
    ]);
    expect(r.alerts[0]?.url).toBe('https://play.grafana.org/alerting/1afz29v7z/edit');
    expect(r.alerts[0]?.labels.team).toBe('blue');
    expect(r.alerts[0]?.endsAt).toBeUndefined();
  });

  it('Alertmanager v4: a resolved alert with its end time; other versions are refused with the reason', () => {
    const r = parseAlerts('alertmanager', alertmanagerDocExample);
    expect(r.ok && r.alerts[0]).toMatchObject({ fingerprint: '5f1e0c2b8a7d9e31', status: 'resolved', title: 'web-1 is down', severity: 'critical', endsAt: Date.parse('2026-11-30T10:12:00Z') });
    const old = parseAlerts('alertmanager', { ...alertmanagerDocExample, version: '3' });
    expect(old.ok).toBe(false);
    expect(!old.ok && old.reason).toContain('version "4"');
  });

  it('Datadog default payload: "[Triggered]" and "[Recovered]" of one monitor are one alert firing then resolving', () => {
    const base = { body: '%%%\nCPU above 90% on web-1\n%%%', last_updated: '1706000000000', event_type: 'query_alert_monitor', date: '1706000000000', org: { id: '123', name: 'Acme' }, id: '7012345678901234567' };
    const fired = parseAlerts('datadog', { ...base, title: '[Triggered on {host:web-1}] High CPU' });
    const recovered = parseAlerts('datadog', { ...base, title: '[Recovered on {host:web-1}] High CPU' });
    expect(fired.ok && fired.alerts[0]?.status).toBe('firing');
    expect(recovered.ok && recovered.alerts[0]?.status).toBe('resolved');
    expect(fired.ok && recovered.ok && fired.alerts[0]?.fingerprint === recovered.alerts[0]?.fingerprint).toBe(true);
    expect(fired.ok && fired.alerts[0]?.title).toBe('High CPU');
  });

  it('Datadog template from the README: transition, aggregation key, tags as labels, priority as severity', () => {
    const r = parseAlerts('datadog', {
      id: '1', title: '[P1] [Triggered] Checkout latency', transition: 'Triggered', alert_id: '1234', aggreg_key: '9bd4ac313a4d1e8fae2482df7b77628',
      scope: 'service:checkout', priority: 'P1', alert_type: 'error', tags: 'env:prod, service:checkout, team:payments', link: 'https://app.datadoghq.com/monitors/1234', date: '1706000000000',
    });
    expect(r.ok && r.alerts[0]).toMatchObject({ fingerprint: '9bd4ac313a4d1e8fae2482df7b77628', status: 'firing', severity: 'P1', title: 'Checkout latency', url: 'https://app.datadoghq.com/monitors/1234' });
    expect(r.ok && r.alerts[0]?.labels).toMatchObject({ env: 'prod', service: 'checkout', team: 'payments', monitor_id: '1234' });
  });

  it('generic JSON: one alert or a list; a missing field or a wrong status is a 400 reason naming it', () => {
    expect(parseAlerts('generic', { title: 'Queue backlog', status: 'firing', fingerprint: 'q-1', severity: 'high', labels: { team: 'data' } }).ok).toBe(true);
    expect(parseAlerts('generic', { alerts: [{ title: 'a', status: 'resolved', fingerprint: 'x' }] }).ok).toBe(true);
    const bad = parseAlerts('generic', { title: 'Queue backlog', status: 'burning', fingerprint: 'q-1' });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.reason).toContain('status');
  });

  it('keeps only links Slack shows as links', () => {
    const r = parseAlerts('generic', { title: 't', status: 'firing', fingerprint: 'f', url: 'javascript:alert(1)' });
    expect(r.ok && r.alerts[0]?.url).toBeUndefined();
    const r2 = parseAlerts('generic', { title: 't', status: 'firing', fingerprint: 'f', url: 'https://x.example/a|<!here>' });
    expect(r2.ok && r2.alerts[0]?.url).toBeUndefined();
  });
});

describe('rules', () => {
  const alert = { fingerprint: 'f', status: 'firing' as const, title: 'Disk full', labels: { alertname: 'DiskFull', severity: 'critical', instance: 'db-1' }, annotations: { summary: 'db-1 at 99%' } };
  const rules = [
    AlertRule.parse({ match: { severity: 'warning' }, action: 'attach' }),
    AlertRule.parse({ match: { severity: 'critical', instance: '/db-.*/' }, action: 'declare', title: '{{labels.alertname}} on {{labels.instance}}: {{annotations.summary}}' }),
  ];

  it('the first rule whose labels all match wins; /regex/ matches the whole value', () => {
    expect(matchRule(rules, alert)?.index).toBe(1);
    expect(matchRule(rules, { ...alert, labels: { ...alert.labels, instance: 'web-db-1' } })).toBeUndefined();
  });

  it('fills a title template; unknown names become empty, never raw braces', () => {
    expect(renderTitle(rules[1]?.title, alert)).toBe('DiskFull on db-1: db-1 at 99%');
    expect(renderTitle('{{labels.nope}} {{title}}', alert)).toBe('Disk full');
  });

  it('alerts with the same groupBy labels share a group key whatever rule they matched', () => {
    const a = groupKey('prod', ['alertname'], alert);
    expect(groupKey('prod', ['alertname'], { ...alert, labels: { ...alert.labels, instance: 'db-2', severity: 'warning' } })).toBe(a);
    expect(groupKey('prod', ['alertname', 'instance'], alert)).not.toBe(groupKey('prod', ['alertname', 'instance'], { ...alert, labels: { ...alert.labels, instance: 'db-2' } }));
    expect(groupKey('staging', ['alertname'], alert)).not.toBe(a);
  });
});
