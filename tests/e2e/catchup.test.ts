import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';

/**
 * A late joiner's story: the incident has been running for a while; Cy asks for a catch-up, and
 * Dee, who joins the channel later, gets one without asking. Both come only to them, from the
 * record, with the entries named.
 */

const DEE = 'U0DEE';
const MINUTE = 60_000;
/** 8:10 PM EAT; each command takes a minute of the incident's time. */
let clock = Date.parse('2023-05-13T17:10:00Z');
let h: Harness;
let channel: string;

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: () => clock });
  h.standin.addUser({ id: DEE, name: 'dee', realName: 'Dee Mwangi', tz: 'Africa/Nairobi' });
  channel = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  h.join(channel, BO, CY);
  for (const [user, text] of [
    [BO, 'note 7:30 PM No authentication is going through, even for authorized users.'],
    [CY, 'note 7:45 PM The database is not answering the website; CPU is high.'],
    [ANA, 'severity sev1 half of all logins fail'],
    [CY, 'status identified a configuration change deadlocked the database'],
    [ANA, 'update We know the cause: a configuration change. Rolling it back now; next update in 30 minutes.'],
    [ANA, 'action add Review configuration changes before they ship'],
  ] as const) {
    clock += MINUTE;
    const reply = await h.run(user, channel, text);
    if (/^:(warning|x):/.test(reply)) throw new Error(`/incident ${text} → ${reply}`);
  }
  // Half an hour later, people start to join.
  clock += 30 * MINUTE;
});

afterAll(async () => {
  await h?.close();
});

describe('/incident catchup', () => {
  it('tells only the asker the status, severity, roles, last update, what happened, open items and what is unknown', async () => {
    const reply = await h.run(CY, channel, 'catchup');
    expect(reply).toContain('*Catch-up on INC-1: Authentication failing for new customers*');
    expect(reply).toContain('Identified · SEV1');
    expect(reply).toMatch(/\*Last update\* `E\d+` \d+:\d\d PM EAT · We know the cause: a configuration change\. Rolling it back now; next update in 30 minutes\. — <@U0ANA>/);
    expect(reply).toMatch(/`E\d+` 7:30 PM EAT · No authentication is going through, even for authorized users\. — <@U0BO>/);
    // Nothing said by the catch-up went to the channel: it is an answer to Cy alone.
    expect(h.standin.state.messagesIn(channel).some((m) => m.text.includes('Catch-up on'))).toBe(false);
  });

  it('shows roles, open items without an owner and what the record lacks, in its blocks', async () => {
    const sent = await h.standin.sendCommand({ user: CY, channel, text: 'catchup' });
    const id = sent.responseUrl.split('/').pop();
    await h.s.afterReplies.idle();
    const answer = await h.standin.waitFor(() => {
      const inAck = sent.body.trim() ? (JSON.parse(sent.body) as { blocks?: unknown[] }) : undefined;
      if (inAck?.blocks) return inAck;
      return h.standin.responses.find((r) => r.id === id)?.body;
    });
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('Incident commander: <@U0ANA>');
    expect(text).toContain('Scribe: _nobody_');
    expect(text).toContain('A1 Review configuration changes before they ship — _no owner_');
    expect(text).toContain('Who is affected and how: `/incident impact &lt;text&gt;`.');
    expect(text).toContain('The cause is identified but not written down: `/incident cause &lt;text&gt;`.');
    expect(text).toContain('Who owns A1');
  });

  it('refuses words after it, saying how to use it', async () => {
    expect(await h.run(CY, channel, 'catchup please')).toContain('`catchup` takes nothing after it.');
  });
});

describe('joining the channel late', () => {
  it('says nothing to someone who joins in the first minute, while the declare invites land', async () => {
    const early = await startHarness({ timeZone: 'Africa/Nairobi', now: () => clock });
    try {
      early.standin.addUser({ id: DEE, name: 'dee', realName: 'Dee Mwangi', tz: 'Africa/Nairobi' });
      const room = await early.declare(ANA, 'sev3 Search is slow');
      expect((await early.standin.joinChannel(DEE, room)).delivered).toBe(true);
      await early.s.afterReplies.idle();
      await new Promise((r) => setTimeout(r, 200));
      expect(early.standin.state.ephemerals.filter((e) => e.channel === room && e.user === DEE)).toEqual([]);
    } finally {
      await early.close();
    }
  });

  it('sends the catch-up to the newcomer only, as an ephemeral message', async () => {
    const before = h.standin.state.ephemerals.length;
    const joined = await h.standin.joinChannel(DEE, channel, { inviter: ANA });
    expect(joined.delivered).toBe(true);
    const welcome = await h.standin.waitFor(() => h.standin.state.ephemerals.slice(before).find((e) => e.user === DEE && e.channel === channel));
    expect(welcome.text).toContain(':wave: Welcome to INC-1: Authentication failing for new customers.');
    expect(welcome.text).toContain('No authentication is going through');
    expect(h.standin.state.ephemerals.slice(before).filter((e) => e.user !== DEE)).toEqual([]);
  });

  it('says nothing to the declarer or to a retried event', async () => {
    const before = h.standin.state.ephemerals.length;
    // Bo joins; Slack delivers the event, then delivers it again (a retry of the same event_id).
    h.standin.state.channels.get(channel)?.members.push(BO);
    await h.standin.deliverEvent({ type: 'member_joined_channel', user: ANA, channel, channel_type: 'C', team: h.team, event_ts: '1.1' });
    const retried = await h.standin.deliverEvent({ type: 'member_joined_channel', user: BO, channel, channel_type: 'C', team: h.team, event_ts: '1.2' }, { eventId: 'EvLATE1' });
    expect(retried.status).toBe(200);
    await h.standin.waitFor(() => h.standin.state.ephemerals.slice(before).find((e) => e.user === BO));
    await h.standin.deliverEvent({ type: 'member_joined_channel', user: BO, channel, channel_type: 'C', team: h.team, event_ts: '1.2' }, { eventId: 'EvLATE1', retryNum: 1 });
    await h.s.afterReplies.idle();
    await new Promise((r) => setTimeout(r, 200));
    const sent = h.standin.state.ephemerals.slice(before);
    expect(sent.filter((e) => e.user === ANA)).toEqual([]);
    expect(sent.filter((e) => e.user === BO)).toHaveLength(1);
  });
});
