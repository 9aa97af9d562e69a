import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { renderMetrics } from '../../src/telemetry/metrics.js';
import { startReceiver, type Receiver } from './receiver.js';
import { eventually } from '../escalation/helpers.js';

const AUDIT_SECRET = `whsec_${Buffer.from('audit-secret-0123456789abcdef').toString('base64')}`;
const FLAKY_SECRET = `whsec_${Buffer.from('flaky-secret-0123456789abcdef').toString('base64')}`;

let h: Harness;
let audit: Receiver;
let flaky: Receiver;

beforeAll(async () => {
  audit = await startReceiver(AUDIT_SECRET);
  flaky = await startReceiver(FLAKY_SECRET, { failFirst: 2 });
  h = await startHarness({
    settings: {
      webhooks: {
        retryDelayMs: 50,
        endpoints: [
          { name: 'audit', url: audit.url, secret: AUDIT_SECRET },
          { name: 'flaky', url: flaky.url, secret: FLAKY_SECRET, events: ['incident.declared', 'incident.status_changed'] },
        ],
      },
    },
  });
});

afterAll(async () => {
  await h?.close();
  await audit?.close();
  await flaky?.close();
});

const types = (r: Receiver): string[] => r.events.map((e) => e.type);

describe('every change goes out as a signed webhook', () => {
  let channel = '';

  it('sends declared, severity, role, status, action item, closed, reopened and postmortem; notes are not sent', async () => {
    channel = await h.declare(ANA, 'sev2 Webhooks drill');
    await h.run(ANA, channel, 'note looking at the dashboards');
    await h.run(ANA, channel, 'severity sev1');
    await h.run(ANA, channel, `role comms <@${BO}>`);
    await h.run(ANA, channel, 'status identified bad deploy');
    await h.run(ANA, channel, `action add Add a canary stage owner:<@${BO}>`);
    await h.run(ANA, channel, 'status resolved');
    await h.run(ANA, channel, 'close');
    await h.run(ANA, channel, 'reopen wrong fix');
    await h.run(ANA, channel, 'postmortem');
    const want = [
      'incident.declared',
      'incident.severity_changed',
      'incident.role_changed',
      'incident.status_changed',
      'action_item.created',
      'incident.status_changed',
      'incident.closed',
      'incident.reopened',
      'incident.postmortem_drafted',
    ];
    await eventually(() => {
      for (const t of new Set(want)) expect(types(audit).filter((x) => x === t).length).toBe(want.filter((x) => x === t).length);
    }, 15_000);
    expect(types(audit)).not.toContain(undefined);
    expect(audit.events.some((e) => e.data.change.kind === 'note')).toBe(false);
    const declared = audit.events.find((e) => e.type === 'incident.declared');
    // Declared is recorded before Slack creates the channel; every later event names it.
    expect(declared?.data.incident).toMatchObject({ id: 'INC-1', title: 'Webhooks drill', severity: 'sev2', channel: null });
    expect(audit.events.find((e) => e.type === 'incident.severity_changed')?.data.incident).toMatchObject({ severity: 'sev1', channel });
  });

  it('every delivery carries a valid signature, and each event id arrives once', () => {
    expect(audit.badSignatures).toBe(0);
    expect([...audit.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(audit.requests).toBe(audit.accepted.size);
  });

  it('an endpoint gets only the types it subscribed to; failing twice, it still gets each event once', async () => {
    await eventually(() => expect(types(flaky).sort()).toEqual(['incident.declared', 'incident.status_changed', 'incident.status_changed'].sort()), 15_000);
    expect(flaky.requests).toBe(flaky.accepted.size + 2);
    expect([...flaky.accepted.values()].every((n) => n === 1)).toBe(true);
    const metrics = (await renderMetrics()).body;
    expect(metrics).toMatch(/warroom_webhook_deliveries_total\{endpoint="flaky",outcome="failed"\} 2/);
  });
});
