import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, clockFrom, responseText, startHarness, type Harness } from '../support/harness.js';
import { keys } from '../../src/store/keys.js';
import { escapeText } from '../../src/slack/views/mrkdwn.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T16:10:00Z') });
});
afterAll(async () => {
  await h.close();
});

const messagesIn = (channel: string) => h.standin.state.messagesIn(channel);
const callsOf = (method: string) => h.standin.calls.filter((c) => c.method === method);

describe('declaring an incident', () => {
  let channel: string;
  let reply: string;

  beforeAll(async () => {
    reply = await h.run(ANA, h.general, 'declare sev2 Authentication failing for new customers impact: around 65% of new users cannot log in');
    channel = /<#([A-Z0-9]+)>/.exec(reply)?.[1] ?? '';
  });

  it('declares an incident and opens #inc-1-… with the declarer invited', () => {
    expect(reply).toContain('Declared INC-1 (SEV2): Authentication failing for new customers');
    const ch = h.standin.state.channels.get(channel);
    expect(ch?.name).toBe('inc-1-authentication-failing-for-new-customers');
    expect(ch?.is_private).toBe(false);
    expect(ch?.members).toContain(ANA);
  });

  it('sets the topic to severity, status and commander', () => {
    expect(h.standin.state.channels.get(channel)?.topic).toBe('SEV2 · Investigating · IC @ana · INC-1: Authentication failing for new customers');
  });

  it('posts a summary card with title, severity, status, commander and impact, and pins it', () => {
    const card = messagesIn(channel).find((m) => JSON.stringify(m.blocks ?? []).includes('INC-1: Authentication failing'));
    expect(card).toBeDefined();
    const blocks = JSON.stringify(card?.blocks);
    expect(blocks).toContain('SEV2');
    expect(blocks).toContain('Investigating');
    expect(blocks).toContain(`<@${ANA}>`);
    expect(blocks).toContain('around 65% of new users cannot log in');
    expect(blocks).toContain('May 13, 2023 7:10 PM EAT');
    expect(h.standin.state.pinsIn(channel).map((p) => p.ts)).toContain(card?.ts);
  });

  it('announces the incident in the broadcast channel with a link to its channel', () => {
    const announcement = messagesIn(h.broadcastId ?? '').find((m) => m.text.includes('INC-1'));
    expect(announcement?.text).toContain(`<#${channel}>`);
    expect(announcement?.text).toContain('SEV2');
  });

  it('records "Incident declared by @ana" as the first timeline entry', async () => {
    const [first] = await h.s.incidents.timelinePage(h.team, 1, 0, 1);
    expect(first?.kind).toBe('declared');
    expect(first?.text).toContain(`Incident declared by <@${ANA}>`);
  });

  it('gives the next incident the next number of the workspace', async () => {
    const second = await h.run(BO, h.general, 'declare Search is slow sev3');
    expect(second).toContain('INC-2 (SEV3): Search is slow');
    expect([...h.standin.state.channels.values()].map((c) => c.name)).toContain('inc-2-search-is-slow');
  });
});

describe('when Slack fails half-way through declaring', () => {
  it('keeps what was done, says what is missing, and finishes on the second run without doing anything twice', async () => {
    const channelsBefore = callsOf('conversations.create').filter((c) => c.ok).length;
    const cardsBefore = callsOf('pins.add').length;
    h.standin.failNext('conversations.setTopic', 'restricted_action');
    const first = await h.run(CY, h.general, 'declare sev1 Payments down');
    expect(first).toContain('is declared and saved, but I could not set the channel topic');
    expect(first).toContain('Run `/incident declare` again');
    const channel = /<#([A-Z0-9]+)>/.exec(first)?.[1] ?? '';
    expect(h.standin.state.channels.get(channel)?.members).toContain(CY);

    const second = await h.run(CY, h.general, 'declare sev1 Payments down');
    expect(second).toContain('Finished setting up');
    expect(callsOf('conversations.create').filter((c) => c.ok).length).toBe(channelsBefore + 1);
    expect(callsOf('pins.add').length).toBe(cardsBefore + 1);
    expect(h.standin.state.channels.get(channel)?.topic).toContain('SEV1 · Investigating');
    const n = await h.s.incidents.findByChannel(h.team, channel);
    expect((await h.s.incidents.load(h.team, n ?? 0))?.incident.setup.complete).toBe(true);
  });

  it('tries inc-<n>-…-2 when the channel name is taken, as by an archived channel', async () => {
    const next = Number(await h.s.redis.get(keys.incidentSeq(h.team))) + 1;
    h.standin.addChannel({ name: `inc-${next}-cache-stampede`, members: [] });
    const reply = await h.run(ANA, h.general, 'declare Cache stampede');
    const channel = /<#([A-Z0-9]+)>/.exec(reply)?.[1] ?? '';
    expect(h.standin.state.channels.get(channel)?.name).toBe(`inc-${next}-cache-stampede-2`);
  });
});

describe('what people type is shown, never obeyed', () => {
  it('a title of <!channel> pings nobody in the card, the topic or the announcement', async () => {
    const reply = await h.run(ANA, h.general, 'declare sev4 <!channel> db down');
    const channel = /<#([A-Z0-9]+)>/.exec(reply)?.[1] ?? '';
    const posted = [...messagesIn(channel), ...messagesIn(h.broadcastId ?? '')].map((m) => `${m.text} ${JSON.stringify(m.blocks ?? [])}`).join('\n');
    expect(posted).not.toMatch(/<!channel>/);
    expect(posted).toContain('&lt;!channel&gt; db down');
    expect(reply).not.toMatch(/<!channel>/);
  });
});

describe('the declare form', () => {
  it('opens on `/incident` alone and declares with the chosen commander, who is invited', async () => {
    const sent = await h.standin.sendCommand({ user: ANA, channel: h.general, text: '' });
    expect(sent.status).toBe(200);
    const view = await h.standin.waitFor(() => [...h.standin.state.views.values()].find((v) => v.trigger_id === sent.triggerId));
    expect(view.view.callback_id).toBe('wr_declare_modal');
    const result = await h.standin.submitView({
      user: ANA,
      viewId: view.id,
      values: {
        title: { title: { type: 'plain_text_input', value: 'Login page blank' } },
        severity: { severity: { type: 'static_select', selected_option: { value: 'sev2' } } },
        impact: { impact: { type: 'plain_text_input', value: 'Nobody can sign in' } },
        commander: { commander: { type: 'users_select', selected_user: CY } },
        visibility: { visibility: { type: 'radio_buttons', selected_option: { value: 'private' } } },
      },
    });
    expect(result.status).toBe(200);
    const channel = await h.standin.waitFor(() => [...h.standin.state.channels.values()].find((c) => c.name.endsWith('login-page-blank')));
    expect(channel.is_private).toBe(true);
    await h.standin.waitFor(() => channel.members.includes(CY) && channel.topic.includes('IC @cy'));
    const dm = await h.standin.waitFor(() => [...h.standin.state.channels.values()].find((c) => c.is_im && c.user === ANA));
    await h.standin.waitFor(() => messagesIn(dm.id).some((m) => m.text.includes('Login page blank')));
  });

  it('refuses an empty title inside the form instead of declaring', async () => {
    const sent = await h.standin.sendCommand({ user: BO, channel: h.general, text: '' });
    const view = await h.standin.waitFor(() => [...h.standin.state.views.values()].find((v) => v.trigger_id === sent.triggerId));
    const before = callsOf('conversations.create').length;
    const result = await h.standin.submitView({ user: BO, viewId: view.id, values: { title: { title: { type: 'plain_text_input', value: '   ' } }, severity: { severity: { type: 'static_select', selected_option: { value: 'sev3' } } }, visibility: { visibility: { type: 'radio_buttons', selected_option: { value: 'public' } } } } });
    expect(result.body).toMatchObject({ response_action: 'errors', errors: { title: 'Give the incident a title.' } });
    expect(callsOf('conversations.create').length).toBe(before);
  });
});

describe('finding your way', () => {
  it('lists open incidents with severity, status, commander and age', async () => {
    const reply = await h.run(BO, h.general, 'list');
    expect(reply).toMatch(/\*INC-1\* SEV2 · Investigating · IC <@U0ANA> · (?:&lt;1m|\d+m) — Authentication failing for new customers/);
    expect(reply).toContain('INC-2');
  });

  it('keeps private incidents out of the list for people who are not in them', async () => {
    expect(await h.run(BO, h.general, 'list')).not.toContain('Login page blank');
    expect(await h.run(CY, h.general, 'list')).toContain('Login page blank');
  });

  it('answers `help` and any unknown subcommand with every subcommand and its usage', async () => {
    for (const text of ['help', 'frobnicate now']) {
      const reply = await h.run(BO, h.general, text);
      for (const usage of ['declare [sev1|sev2|sev3|sev4] <title>', 'note [<time>] <text>', 'status <investigating|identified|monitoring|resolved>', 'severity <sev1|sev2|sev3|sev4>', 'role <commander|comms|scribe> <@user>', 'time <started|detected|identified|mitigated|resolved> <time>', 'timeline', 'list']) {
        // Usage lines reach Slack escaped, or Slack would read `<a|b>` as a link.
        expect(reply).toContain(escapeText(usage));
      }
    }
    expect(await h.run(BO, h.general, 'frobnicate now')).toContain('`frobnicate` is not a warroom command');
  });

  it('says a command needs an incident channel, and names the open incidents', async () => {
    const reply = await h.run(BO, h.general, 'note the cache is warm');
    expect(reply).toContain('works in an incident\'s channel');
    expect(reply).toContain('INC-1');
    expect(reply).toContain('Authentication failing for new customers');
    expect(responseText({ id: '', body: { text: reply }, status: 200, at: 0 })).toBe(reply);
  });
});
