import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';
import { signRequest } from '../../src/standin/index.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

function commandBody(text: string): string {
  return new URLSearchParams({
    token: 'x',
    team_id: h.team,
    team_domain: 'sandbox',
    channel_id: h.general,
    channel_name: 'general',
    user_id: ANA,
    user_name: 'ana',
    command: '/incident',
    text,
    api_app_id: 'A0WARROOM',
    response_url: `${h.standin.url}/response/nowhere`,
    trigger_id: '1.2.3',
  }).toString();
}

const FORM = 'application/x-www-form-urlencoded';

describe('requests that did not come from Slack', () => {
  it('a bad signature gets 401 and declares nothing', async () => {
    const before = h.standin.calls.length;
    const res = await h.standin.signedPost('/slack/events', commandBody('declare sev1 forged'), FORM, { signature: 'v0=' + '0'.repeat(64) });
    expect(res.status).toBe(401);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.standin.calls.slice(before).some((c) => c.method === 'conversations.create')).toBe(false);
    expect(await h.s.incidents.openNumbers(h.team)).toEqual([]);
  });

  it('a correctly signed but six-minute-old request gets 401 (replay protection)', async () => {
    const body = commandBody('declare sev1 replayed');
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.standin.signedPost('/slack/events', body, FORM, { timestamp: old, signature: signRequest(SIGNING_SECRET, body, old) });
    expect(res.status).toBe(401);
    expect(await h.s.incidents.openNumbers(h.team)).toEqual([]);
  });

  it('a correctly signed request is acknowledged', async () => {
    const res = await h.standin.signedPost('/slack/events', commandBody('help'), FORM);
    expect(res.status).toBe(200);
  });

  it('answers GET /healthz with 200 while Redis answers', async () => {
    const res = await fetch(`${h.appUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, redis: 'up' });
  });
});
