import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { dms, eventually, perSeverity } from '../escalation/helpers.js';
import type { Workers } from '../../src/workers/index.js';

const hour = perSeverity(60, 60, 60, 60);
const settings = { escalation: { defaultPolicy: 'Platform', policies: [{ name: 'Platform', levels: [{ name: 'On-call engineering', targets: [BO], ackTimeoutMinutes: hour }] }] } };

let h: Harness;
let workers: Workers | undefined;
beforeAll(async () => {
  h = await startHarness({ settings, workers: false });
});
afterAll(async () => {
  await workers?.close(2_000);
  await h.close();
});

describe('a page Slack rate-limits again and again', () => {
  it('waits each Retry-After instead of using up its attempts, and is delivered once', async () => {
    const channel = await h.declare(ANA, 'sev1 Payments API timing out');
    // More 429s in a row than the paging job has attempts (8).
    h.standin.rateLimitNext('chat.postMessage', 10, 0);
    workers = h.startWorkers();
    await eventually(() => expect(dms(h.standin, BO)).toHaveLength(1), 15_000);
    const announcements = h.standin.state.messagesIn(channel).filter((m) => m.text.includes('Paged On-call engineering'));
    expect(announcements).toHaveLength(1);
    const statuses = h.standin.calls.filter((c) => c.method === 'chat.postMessage').map((c) => c.status);
    expect(statuses.filter((st) => st === 429)).toHaveLength(10);
  });
});
