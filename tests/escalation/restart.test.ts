import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueName, TimerJobName, type EscalationTimerJob } from '../../src/jobs/queues.js';
import { ANA, BO, startHarness, type Harness } from '../support/harness.js';
import { dms, eventually, incidentOf, ms, perSeverity, sleep, texts } from './helpers.js';

/** The web part runs alone here; this file starts and stops the worker processes itself. */
const settings = {
  escalation: {
    policies: [
      {
        name: 'Platform',
        repeatLast: 0,
        levels: [
          { name: 'On-call engineering', targets: [ANA], ackTimeoutMinutes: perSeverity(ms(1_200), 60, 60, 60) },
          { name: 'Database administrators', targets: [BO], ackTimeoutMinutes: perSeverity(60, 60, 60, 60) },
        ],
      },
    ],
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ settings, workers: false });
});
afterAll(async () => {
  await h?.close();
});

describe('a worker restarted mid-wait', () => {
  it('still escalates exactly once, even when the timer job is delivered twice', async () => {
    const first = h.startWorkers();
    const channel = await h.declare(ANA, 'sev1 Payments API timing out');
    const n = await incidentOf(h, channel);
    await eventually(() => expect(dms(h.standin, ANA)).toHaveLength(1));
    const deadline = (await h.s.incidents.load(h.team, n))!.incident.escalation!.deadline!;

    // The worker goes away while the timer waits, and stays away past the deadline.
    await first.close(2_000);
    await sleep(Math.max(0, deadline - Date.now()) + 300);
    expect(await texts(h, n)).toEqual(['Paged On-call engineering (<@U0ANA>)']);

    // A duplicate of the same step (a retried add, a stalled job re-run) is waiting too.
    const dup: EscalationTimerJob = { teamId: h.team, incident: n, level: 0, attempt: 0 };
    await h.s.queues.get(QueueName.timers, h.team).add(TimerJobName.escalate, dup, { jobId: `dup-${h.team}-${n}` });

    const second = h.startWorkers();
    try {
      await eventually(async () => expect(await texts(h, n)).toHaveLength(2));
      await eventually(() => expect(dms(h.standin, BO)).toHaveLength(1));
      await sleep(500);
      expect(await texts(h, n)).toEqual([
        'Paged On-call engineering (<@U0ANA>)',
        'Escalated to Database administrators (<@U0BO>): nobody acknowledged On-call engineering within 1 second',
      ]);
      expect(dms(h.standin, BO)).toHaveLength(1);
      expect(await h.s.queues.get(QueueName.timers, h.team).getJob(`dup-${h.team}-${n}`)).toBeUndefined();
    } finally {
      await second.close(2_000);
    }
  });
});
