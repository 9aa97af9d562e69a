import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, clockFrom, startHarness, type Harness } from '../support/harness.js';

/**
 * A responder hits Enter twice on `/incident declare` (or Slack's client resends it). The second
 * command arrives while the first is still creating the channel. One incident must come of it, and
 * neither reply may tell a stressed person that something failed and to run the command again:
 * the second waits for the first and says the incident is ready.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    timeZone: 'Africa/Nairobi',
    now: clockFrom('2023-05-13T16:10:00Z'),
    settings: { escalation: { defaultPolicy: 'On-call', policies: [{ name: 'On-call', levels: [{ name: 'Primary on-call', targets: [{ type: 'user', id: BO }], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 30, sev4: 60 } }] }] } },
  });
});
afterAll(async () => {
  await h.close();
});

const callsOf = (method: string) => h.standin.calls.filter((c) => c.method === method);

describe('the same declare typed twice, the second while the first is still setting up', () => {
  let replies: string[];

  beforeAll(async () => {
    // Slack is slow to answer conversations.create, so the first setup is still running when the second command comes.
    h.standin.slowNext('conversations.create', 1_500);
    const first = h.run(ANA, h.general, 'declare sev1 Payments API down');
    await h.standin.waitFor(() => callsOf('conversations.create').length > 0 || undefined, 10_000);
    const second = h.run(ANA, h.general, 'declare sev1 Payments API down');
    replies = await Promise.all([first, second]);
  });

  it('opens one incident and one channel', async () => {
    expect(await h.s.incidents.openNumbers(h.team)).toHaveLength(1);
    expect(callsOf('conversations.create')).toHaveLength(1);
  });

  it('answers both with the incident and its channel, and neither asks to run it again', () => {
    for (const reply of replies) {
      expect(reply).toMatch(/^:white_check_mark: .*INC-1 \(SEV1\): Payments API down\. Channel: <#C[A-Z0-9]+>/);
      expect(reply).not.toContain('again');
    }
  });

  it('pages the on-call once, not once per command', async () => {
    // Paging level 1 runs when the setup completes; the second command must not run it again.
    const entries = await h.s.incidents.timelineAll(h.team, 1);
    expect(entries.filter((e) => e.kind === 'page')).toHaveLength(1);
  });
});
