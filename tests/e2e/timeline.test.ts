import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, ackText, clockFrom, startHarness, type Harness } from '../support/harness.js';
import { escapeText } from '../../src/slack/views/mrkdwn.js';

/** The reference incident (docs/reference/kimby-postmortem.md) happened 7–9 PM EAT on 2023-05-13. */
let h: Harness;
let channel: string;
let n: number;
beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T18:10:00Z') });
  channel = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  h.join(channel, BO, CY);
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

const timeline = () => h.s.incidents.timelineAll(h.team, n);
const incident = async () => (await h.s.incidents.load(h.team, n))!.incident;
const channelMessages = () => h.standin.state.messagesIn(channel);
const card = () => channelMessages().find((m) => m.ts === h.standin.state.pinsIn(channel)[0]?.ts);

describe('notes', () => {
  it('back-dates "7:05 PM …" to 7:05 PM EAT on the incident day and echoes it in the channel', async () => {
    const reply = await h.run(BO, channel, 'note 7:05 PM The engineering team and the database administrators were alerted');
    expect(reply).toBe(':memo: Saved to the timeline at 7:05 PM EAT.');
    const entry = (await timeline()).find((e) => e.text.startsWith('The engineering team'));
    expect(new Date(entry!.at).toISOString()).toBe('2023-05-13T16:05:00.000Z');
    expect(entry?.author).toBe(BO);
    expect(channelMessages().some((m) => m.text === `:memo: 7:05 PM EAT — The engineering team and the database administrators were alerted (by <@${BO}>)`)).toBe(true);
  });

  it.each([
    ['19:30', '2023-05-13T16:30:00.000Z'],
    ['7:45pm', '2023-05-13T16:45:00.000Z'],
    ['2023-05-13 20:20', '2023-05-13T17:20:00.000Z'],
    ['2023-05-13 8:30 PM', '2023-05-13T17:30:00.000Z'],
  ])('reads %s in the incident time zone', async (time, iso) => {
    await h.run(CY, channel, `note ${time} checkpoint ${time}`);
    const entry = (await timeline()).find((e) => e.text === `checkpoint ${time}`);
    expect(new Date(entry!.at).toISOString()).toBe(iso);
  });

  it('acks a lone note at once and confirms it through the response_url once it is saved', async () => {
    const sent = await h.standin.sendCommand({ user: ANA, channel, text: 'note confirmed after the ack' });
    expect(ackText(sent.body)).toBeUndefined();
    const id = sent.responseUrl.split('/').pop();
    const reply = await h.standin.waitFor(() => h.standin.responses.find((r) => r.id === id));
    expect(reply.body.text).toMatch(/^:memo: Saved to the timeline at \d{1,2}:\d{2} (AM|PM) EAT\.$/);
    expect((await timeline()).some((e) => e.text === 'confirmed after the ack')).toBe(true);
  });

  it('does not re-draw the pinned card for a note, which changes nothing on it', async () => {
    const updates = () => h.standin.calls.filter((c) => c.method === 'chat.update').length;
    const before = updates();
    await h.run(ANA, channel, 'note card should stay as it is');
    expect(updates()).toBe(before);
  });

  it('records an undated note at the moment it is typed', async () => {
    const before = Date.now();
    await h.run(ANA, channel, 'note checking the database CPU');
    const entry = (await timeline()).find((e) => e.text === 'checking the database CPU');
    expect(entry!.recordedAt - entry!.at).toBe(0);
    expect(before).toBeGreaterThan(0);
  });

  it.each([
    ['11:55 PM future stuff', 'in the future'],
    ['25:00 nonsense', '7:05 PM'],
  ])('refuses "%s" with the accepted forms and saves nothing', async (text, expected) => {
    const count = (await timeline()).length;
    const reply = await h.run(ANA, channel, `note ${text}`);
    expect(reply).toContain(expected);
    expect(reply).toContain('Usage: `/incident note [&lt;time&gt;] &lt;text&gt;`');
    expect((await timeline()).length).toBe(count);
  });

  it('asks for text when only a time is given', async () => {
    expect(await h.run(ANA, channel, 'note 7:50 PM')).toContain('Write what happened.');
  });

  it('keeps every one of twenty notes typed at once by three people, in order', async () => {
    const before = (await timeline()).length;
    await Promise.all(Array.from({ length: 20 }, (_, i) => h.run([ANA, BO, CY][i % 3]!, channel, `note 8:0${i % 10} PM burst ${i}`)));
    const entries = await timeline();
    expect(entries.length).toBe(before + 20);
    expect(entries.map((e) => e.at)).toEqual([...entries.map((e) => e.at)].sort((a, b) => a - b));
    // The channel hears each of them exactly once.
    const lines = channelMessages().flatMap((m) => m.text.split('\n')).filter((l) => l.includes('— burst '));
    expect(lines).toHaveLength(20);
    expect(new Set(lines).size).toBe(20);
  });
});

describe('echoes in a busy channel', () => {
  it('keep to Slack\'s pace of about a message a second per channel: a burst of notes goes out in a few messages, every note once', async () => {
    const paced = await startHarness({ now: clockFrom('2023-05-13T17:10:00Z'), echoSpacingMs: 1_000 });
    try {
      const room = await paced.declare(ANA, 'sev2 paced echoes');
      paced.join(room, BO);
      const posts = () => paced.standin.calls.filter((c) => c.method === 'chat.postMessage' && c.args.channel === room);
      const before = posts().length;
      await Promise.all(Array.from({ length: 12 }, (_, i) => paced.run([ANA, BO][i % 2]!, room, `note paced ${i}`)));
      const burst = posts().slice(before);
      // Counts, not milliseconds (the spacing itself is tested on fake timers in tests/slack/channel-echo.test.ts):
      // the notes arrive together, so they go out in fewer messages than notes, each line once.
      expect(burst.length).toBeLessThan(12);
      const lines = burst.flatMap((c) => String(c.args.text).split('\n')).filter((l) => l.includes('paced '));
      expect(lines).toHaveLength(12);
      expect(new Set(lines).size).toBe(12);
    } finally {
      await paced.close();
    }
  });

  it('go out one message at a time per channel: what arrives during a post is gathered into the next, in order', async () => {
    const before = channelMessages().length;
    h.s.echo.post(channel, ['first']);
    h.s.echo.post(channel, ['second']);
    h.s.echo.post(channel, ['third', 'fourth']);
    await h.s.echo.idle();
    expect(channelMessages().slice(before).map((m) => m.text)).toEqual(['first', 'second\nthird\nfourth']);
  });
});

describe('📌 reactions', () => {
  it('records a 📌 message at its own time with author and permalink, and confirms with a reaction', async () => {
    const message = h.standin.postMessageAsUser(CY, channel, 'DB CPU is at 100% on db-1 <!here>');
    await h.standin.addReaction(ANA, channel, message.ts, 'pushpin');
    const pinned = await waitForEntry((e) => e.kind === 'pin' && e.pin?.ts === message.ts);
    expect(pinned.at).toBe(Math.round(Number(message.ts) * 1000));
    expect(pinned.author).toBe(CY);
    expect(pinned.text).toBe('DB CPU is at 100% on db-1 <!here>');
    expect(pinned.pin?.permalink).toContain(`/archives/${channel}/p${message.ts.replace('.', '')}`);
    await h.standin.waitFor(() => h.standin.state.findMessage(channel, message.ts)?.reactions.some((r) => r.name === 'memo' && r.users.includes(h.standin.botUserId)));
  });

  it('records nothing twice: not for a redelivered event, not for a second 📌', async () => {
    const message = h.standin.postMessageAsUser(BO, channel, 'rolled back config change');
    const first = await h.standin.addReaction(ANA, channel, message.ts, 'pushpin');
    await waitForEntry((e) => e.pin?.ts === message.ts);
    const event = { type: 'reaction_added', user: ANA, reaction: 'pushpin', item_user: BO, item: { type: 'message', channel, ts: message.ts }, event_ts: message.ts };
    const retry = await h.standin.deliverEvent(event, { eventId: first.eventId, retryNum: 1, retryReason: 'http_timeout' });
    expect(retry.status).toBe(200);
    await h.standin.addReaction(CY, channel, message.ts, 'pushpin');
    await new Promise((r) => setTimeout(r, 300));
    expect((await timeline()).filter((e) => e.pin?.ts === message.ts)).toHaveLength(1);
  });

  it('takes the message out of the timeline when the last 📌 is removed', async () => {
    const message = h.standin.postMessageAsUser(BO, channel, 'false alarm on db-2');
    await h.standin.addReaction(ANA, channel, message.ts, 'pushpin');
    await h.standin.addReaction(BO, channel, message.ts, 'pushpin');
    await waitForEntry((e) => e.pin?.ts === message.ts);
    await h.standin.removeReaction(ANA, channel, message.ts, 'pushpin');
    await new Promise((r) => setTimeout(r, 200));
    expect((await timeline()).some((e) => e.pin?.ts === message.ts)).toBe(true);
    await h.standin.removeReaction(BO, channel, message.ts, 'pushpin');
    await expectEventually(async () => !(await timeline()).some((e) => e.pin?.ts === message.ts));
  });

  it('ignores 📌 in channels that are not incidents', async () => {
    const message = h.standin.postMessageAsUser(BO, h.general, 'lunch?');
    await h.standin.addReaction(ANA, h.general, message.ts, 'pushpin');
    await new Promise((r) => setTimeout(r, 200));
    expect((await timeline()).some((e) => e.pin?.ts === message.ts)).toBe(false);
  });
});

describe('changing the incident', () => {
  it('a back-dated status change updates topic and pinned card in place and records its entry', async () => {
    const reply = await h.run(ANA, channel, 'status identified 8:35 PM a recent configuration change caused a deadlock');
    expect(reply).toContain('Status is now *Identified*');
    expect(h.standin.state.channels.get(channel)?.topic).toBe('SEV2 · Identified · IC @ana · INC-1: Authentication failing for new customers');
    expect(JSON.stringify(card()?.blocks)).toContain('Identified');
    const entry = (await timeline()).find((e) => e.kind === 'status');
    expect(entry).toMatchObject({ text: 'Status changed from Investigating to Identified: a recent configuration change caused a deadlock', change: { from: 'investigating', to: 'identified' } });
    expect(new Date(entry!.at).toISOString()).toBe('2023-05-13T17:35:00.000Z');
    expect((await incident()).keyTimes.identified).toBe(entry!.at);
    expect(h.standin.calls.some((c) => c.method === 'chat.update' && c.args.ts === card()?.ts)).toBe(true);
  });

  it('severity changes with a reason show on topic, card and timeline', async () => {
    await h.run(ANA, channel, 'severity sev1 all logins failing now');
    expect(h.standin.state.channels.get(channel)?.topic.startsWith('SEV1 · Identified')).toBe(true);
    expect(JSON.stringify(card()?.blocks)).toContain('SEV1');
    expect((await timeline()).some((e) => e.text === 'Severity raised from SEV2 to SEV1: all logins failing now')).toBe(true);
  });

  it('handing over command invites the new commander and shows them on topic and card', async () => {
    const reply = await h.run(ANA, channel, `role commander <@${CY}|cy>`);
    expect(reply).toContain(`<@${CY}> is now Incident commander`);
    expect(h.standin.state.channels.get(channel)?.members).toContain(CY);
    expect(h.standin.state.channels.get(channel)?.topic).toContain('IC @cy');
    expect(JSON.stringify(card()?.blocks)).toContain(`<@${CY}>`);
    expect((await timeline()).some((e) => e.text === `<@${CY}> is now Incident commander (was <@${ANA}>)`)).toBe(true);
  });

  it('sets a key time for the postmortem', async () => {
    expect(await h.run(ANA, channel, 'time started 7:00 PM')).toContain('Impact started: May 13, 2023 7:00 PM EAT');
    expect(new Date((await incident()).keyTimes.started!).toISOString()).toBe('2023-05-13T16:00:00.000Z');
  });

  it.each([
    ['status fixed', '`fixed` is not a status.', 'status <investigating|identified|monitoring|resolved>'],
    ['severity high', '`high` is not a severity.', 'severity <sev1|sev2|sev3|sev4>'],
    ['role boss @x', '`boss` is not a role.', 'role <commander|comms|scribe> <@user>'],
    ['role scribe ana', 'is not a Slack mention', 'role <commander|comms|scribe> <@user>'],
    ['time fixed 7pm', '`fixed` is not a key time.', 'time <started|detected|identified|mitigated|resolved> <time>'],
    ['status identified', 'already Identified', ''],
  ])('"%s" explains what was wrong and changes nothing', async (text, problem, usage) => {
    const before = await incident();
    const reply = await h.run(ANA, channel, text);
    expect(reply).toContain(problem);
    if (usage) expect(reply).toContain(`Usage: \`/incident ${escapeText(usage)}`);
    expect(await incident()).toEqual(before);
  });
});

describe('/incident timeline', () => {
  it('shows entries oldest first in local time, and pages instead of cutting', async () => {
    const reply = await h.run(CY, channel, 'timeline');
    const lines = reply.split('\n');
    const first = lines.findIndex((l) => l.includes('7:05 PM EAT — The engineering team'));
    const later = lines.findIndex((l) => l.includes('7:30 PM EAT — checkpoint 19:30'));
    expect(first).toBeGreaterThan(0);
    expect(later).toBeGreaterThan(first);
    const total = (await timeline()).length;
    expect(total).toBeGreaterThan(30);
    const last = await h.run(CY, channel, `timeline ${Math.ceil(total / 30)}`);
    expect(last).toContain('Timeline of INC-1');
    expect(await h.run(CY, channel, 'timeline 99')).toContain('The timeline has');
  });
});

async function waitForEntry(pred: (e: Awaited<ReturnType<typeof timeline>>[number]) => boolean) {
  for (let i = 0; i < 100; i++) {
    const found = (await timeline()).find(pred);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('entry never appeared');
}

async function expectEventually(check: () => Promise<boolean>) {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 30));
  }
  throw new Error('condition never held');
}
