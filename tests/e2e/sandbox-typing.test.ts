import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageHandler } from '../../src/standin/page/routes.js';
import { ANA, clockFrom, startHarness, type Harness } from '../support/harness.js';

/**
 * Someone tries warroom on the sandbox page and types the awkward things responders type:
 * entities, angle brackets, a link in Slack's own syntax, @channel. Slack escapes &, < and > in what
 * a person typed (and turns @channel into <!channel>) before the bot sees it, and the bot undoes
 * exactly that; the page must send the same, or the sandbox shows the bot twisting text it would
 * keep intact in Slack (`&lt;` saved as `<`, a typed `<http://…|label>` drawn as a disguised link).
 */
let h: Harness;
let channel: string;
let n: number;

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T16:00:00Z') });
  h.standin.setPageHandler(pageHandler(h.standin, {
    stateDir: '/somewhere/.warroom',
    reset: async () => undefined,
    startDrill: async () => undefined,
    stopDrill: async () => undefined,
    drill: () => undefined,
    drillChannels: () => [],
  }));
  channel = await h.declare(ANA, 'sev2 Checkout failing');
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

async function typeOnPage(text: string): Promise<void> {
  const res = await fetch(`${h.standin.url}/sandbox/send`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: ANA, channel, text }) });
  expect(await res.json()).toEqual({ error: undefined });
}

async function lastNote(): Promise<string | undefined> {
  const entries = await h.s.incidents.timelineAll(h.team, n);
  return entries.filter((e) => e.kind === 'note').at(-1)?.text;
}

describe('what a person types on the sandbox page reaches the bot as Slack would send it', () => {
  it('keeps an escaped entity, angle brackets and a hand-typed link exactly as typed', async () => {
    const typed = 'saw &lt;b&gt; in the page, a < b && c > d, see <http://evil.example|your bank>';
    await typeOnPage(`/incident note ${typed}`);
    await expect.poll(lastNote, { timeout: 5_000 }).toBe(typed);
  });

  it('turns a typed @channel into Slack\'s <!channel>, which the bot then shows as text', async () => {
    await typeOnPage('/incident note @channel checkout is back');
    await expect.poll(lastNote, { timeout: 5_000 }).toBe('<!channel> checkout is back');
  });

  it('escapes a plain message the same way, so a 📌 records what was typed', async () => {
    await typeOnPage('db-1 &amp; db-2 <down>');
    const posted = h.standin.state.messagesIn(channel).filter((m) => m.user === ANA).at(-1);
    expect(posted?.text).toBe('db-1 &amp;amp; db-2 &lt;down&gt;');
  });
});
