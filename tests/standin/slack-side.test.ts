import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Standin, signRequest } from '../../src/standin/index.js';
import { ALICE, BOB, BOT_TOKEN, SIGNING_SECRET, quietLogger, startWorkspace } from './helpers.js';

/** What the tiny Bolt app saw, so tests can check what arrived and how Bolt read it. */
interface Seen {
  commands: { text: string; user: string; channel: string }[];
  reactions: { reaction: string; channel: string; ts: string; eventId: string; retryNum: number | undefined }[];
  messageEvents: { subtype: string | undefined; channel: string }[];
  actions: { actionId: string; value: string | undefined; user: string }[];
  submissions: Record<string, unknown>[];
}

let standin: Standin;
let app: App;
let seen: Seen;
let incident: string;

const declareModal = {
  type: 'modal' as const,
  callback_id: 'declare',
  title: { type: 'plain_text' as const, text: 'Declare incident' },
  submit: { type: 'plain_text' as const, text: 'Declare' },
  private_metadata: 'from-command',
  blocks: [
    {
      type: 'input' as const,
      block_id: 'title',
      label: { type: 'plain_text' as const, text: 'Title' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
    {
      type: 'input' as const,
      block_id: 'impact',
      optional: true,
      label: { type: 'plain_text' as const, text: 'Impact' },
      element: { type: 'plain_text_input' as const, action_id: 'value' },
    },
    {
      type: 'actions' as const,
      block_id: 'more',
      elements: [{ type: 'button' as const, action_id: 'add_detail', text: { type: 'plain_text' as const, text: 'Add detail' } }],
    },
  ],
};

const detailModal = {
  type: 'modal' as const,
  callback_id: 'detail',
  title: { type: 'plain_text' as const, text: 'More detail' },
  blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Which systems?' } }],
};

function buildApp(): App {
  const bolt = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, timeout: 5000, logger: quietLogger },
  });
  bolt.command('/incident', async ({ command, ack, respond, client }) => {
    if (command.text === 'help') {
      await ack('Usage: /incident declare | status &lt;status&gt;');
      return;
    }
    await ack();
    seen.commands.push({ text: command.text, user: command.user_id, channel: command.channel_id });
    if (command.text === 'declare') {
      await client.views.open({ trigger_id: command.trigger_id, view: declareModal });
      return;
    }
    await respond({ text: `Heard: ${command.text}` });
  });
  bolt.event('reaction_added', async ({ event, body, context, client }) => {
    seen.reactions.push({ reaction: event.reaction, channel: event.item.channel, ts: event.item.ts, eventId: body.event_id, retryNum: context.retryNum });
    if (event.reaction === 'pushpin' && context.retryNum === undefined) {
      await client.pins.add({ channel: event.item.channel, timestamp: event.item.ts });
    }
  });
  bolt.event('message', async ({ event }) => {
    seen.messageEvents.push({ subtype: event.subtype, channel: event.channel });
  });
  bolt.action('ack_page', async ({ ack, respond, body, action }) => {
    await ack();
    seen.actions.push({ actionId: 'ack_page', value: 'value' in action ? action.value : undefined, user: body.user.id });
    await respond({ replace_original: true, text: `Acknowledged by <@${body.user.id}>` });
  });
  bolt.action('add_detail', async ({ ack, body, client }) => {
    await ack();
    if (body.type !== 'block_actions') return;
    await client.views.push({ trigger_id: body.trigger_id, view: detailModal });
  });
  bolt.view('declare', async ({ ack, view, client, body }) => {
    const title = view.state.values.title?.value?.value ?? '';
    if (title.length < 5) {
      await ack({ response_action: 'errors', errors: { title: 'Give the incident a longer title' } });
      return;
    }
    await ack();
    seen.submissions.push({ title, metadata: view.private_metadata, user: body.user.id });
    await client.chat.postMessage({ channel: incident, text: `Declared: ${title}` });
  });
  return bolt;
}

beforeAll(async () => {
  standin = await startWorkspace();
  app = buildApp();
  const server = await app.start(0);
  standin.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});
afterAll(async () => {
  await app.stop();
  await standin.close();
});
beforeEach(() => {
  standin.reset();
  for (const u of [ALICE, BOB]) standin.addUser(u);
  incident = standin.addChannel({ name: 'inc-1', members: [standin.botUserId, ALICE.id] }).id;
  seen = { commands: [], reactions: [], messageEvents: [], actions: [], submissions: [] };
});

describe('slash commands', () => {
  it('delivers /incident signed, Bolt acks it (200: not its own 3 s timeout), and respond() lands in the response_url sink', async () => {
    const res = await standin.sendCommand({ user: ALICE.id, channel: incident, text: 'status monitoring' });
    expect(res.status).toBe(200);
    await standin.waitFor(() => seen.commands.length > 0);
    expect(seen.commands).toEqual([{ text: 'status monitoring', user: ALICE.id, channel: incident }]);
    const response = await standin.waitFor(() => standin.responses[0]);
    expect(response.body).toEqual({ text: 'Heard: status monitoring' });
    expect(res.responseUrl).toContain(response.id);
    expect(standin.state.ephemerals.map((e) => [e.user, e.text])).toEqual([[ALICE.id, 'Heard: status monitoring']]);
  });

  it('shows a non-empty ack body to the user who typed the command', async () => {
    const res = await standin.sendCommand({ user: ALICE.id, channel: incident, text: 'help' });
    expect(res.body).toBe('Usage: /incident declare | status &lt;status&gt;');
    expect(standin.state.ephemerals.map((e) => [e.user, e.text])).toEqual([[ALICE.id, 'Usage: /incident declare | status &lt;status&gt;']]);
    expect(standin.responses).toEqual([]);
  });

  it('gives a trigger_id the app can open a modal with, for the user who typed the command', async () => {
    await standin.sendCommand({ user: ALICE.id, channel: incident, text: 'declare' });
    const view = await standin.waitFor(() => [...standin.state.views.values()][0]);
    expect(view).toMatchObject({ user: ALICE.id, view: { callback_id: 'declare' } });
    expect(standin.calls.find((c) => c.method === 'views.open')).toMatchObject({ ok: true });
  });
});

describe('modal submissions', () => {
  async function openDeclareModal(): Promise<string> {
    await standin.sendCommand({ user: ALICE.id, channel: incident, text: 'declare' });
    return (await standin.waitFor(() => [...standin.state.views.values()][0])).id;
  }

  it('submits the values the way Slack does, closes the modal on a plain ack', async () => {
    const viewId = await openDeclareModal();
    const res = await standin.submitView({ user: ALICE.id, viewId, values: { title: { value: { value: 'Checkout is down' } } } });
    expect(res.status).toBe(200);
    expect(res.body).toBeUndefined();
    await standin.waitFor(() => seen.submissions.length > 0);
    expect(seen.submissions).toEqual([{ title: 'Checkout is down', metadata: 'from-command', user: ALICE.id }]);
    expect(standin.state.views.get(viewId)?.closed).toBe(true);
    await standin.waitFor(() => standin.state.messages.get(incident)?.find((m) => m.text === 'Declared: Checkout is down'));
  });

  it('hands back response_action errors and keeps the modal open', async () => {
    const viewId = await openDeclareModal();
    const res = await standin.submitView({ user: ALICE.id, viewId, values: { title: { value: { value: 'db' } } } });
    expect(res.body).toEqual({ response_action: 'errors', errors: { title: 'Give the incident a longer title' } });
    expect(standin.state.views.get(viewId)?.closed).toBe(false);
  });

  it('sends a button click inside the modal with a trigger that can push a second view', async () => {
    const viewId = await openDeclareModal();
    const res = await standin.clickButton({ user: ALICE.id, viewId, actionId: 'add_detail' });
    expect(res.status).toBe(200);
    expect(res.responseUrl).toBeUndefined();
    const pushed = await standin.waitFor(() => [...standin.state.views.values()].find((v) => v.view.callback_id === 'detail'));
    expect(pushed).toMatchObject({ root_view_id: viewId, previous_view_id: viewId, user: ALICE.id });
  });

  it('refuses to submit what Slack would not: an empty required input or an unknown block', async () => {
    const viewId = await openDeclareModal();
    await expect(standin.submitView({ user: ALICE.id, viewId, values: {} })).rejects.toThrow(/required input title is empty/);
    await expect(standin.submitView({ user: ALICE.id, viewId, values: { titel: { value: { value: 'x' } } } })).rejects.toThrow(/no input block titel/);
  });
});

describe('buttons', () => {
  it('sends block_actions for a button on a message; respond() replaces that message', async () => {
    const m = standin.state.addMessage({
      channel: incident,
      user: standin.botUserId,
      bot_id: 'B0WARROOM',
      text: 'Paging the DBA',
      blocks: [
        {
          type: 'actions',
          block_id: 'page',
          elements: [{ type: 'button', action_id: 'ack_page', value: 'INC-1', text: { type: 'plain_text', text: 'Acknowledge' } }],
        },
      ],
    });
    const res = await standin.clickButton({ user: ALICE.id, channel: incident, messageTs: m.ts, actionId: 'ack_page' });
    expect(res.status).toBe(200);
    await standin.waitFor(() => seen.actions.length > 0);
    expect(seen.actions).toEqual([{ actionId: 'ack_page', value: 'INC-1', user: ALICE.id }]);
    await standin.waitFor(() => standin.state.findMessage(incident, m.ts)?.text === `Acknowledged by <@${ALICE.id}>`);
  });

  it('will not click a button the message does not show', async () => {
    const m = standin.state.addMessage({ channel: incident, user: standin.botUserId, text: 'no buttons here' });
    await expect(standin.clickButton({ user: ALICE.id, channel: incident, messageTs: m.ts, actionId: 'ack_page' })).rejects.toThrow(/no button/);
  });
});

describe('events', () => {
  it('turns a 📌 reaction into a signed reaction_added event the bot acts on', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'Failover done at 19:20');
    const res = await standin.addReaction(ALICE.id, incident, m.ts, 'pushpin');
    expect(res).toMatchObject({ delivered: true, status: 200 });
    await standin.waitFor(() => seen.reactions.length > 0);
    expect(seen.reactions).toEqual([{ reaction: 'pushpin', channel: incident, ts: m.ts, eventId: res.eventId, retryNum: undefined }]);
    await standin.waitFor(() => standin.state.pins.get(incident)?.some((p) => p.ts === m.ts));
  });

  it('sends no event for a channel the bot is not in', async () => {
    const other = standin.addChannel({ name: 'random', members: [ALICE.id] });
    const m = standin.postMessageAsUser(ALICE.id, other.id, 'lunch?');
    const res = await standin.addReaction(ALICE.id, other.id, m.ts, 'pushpin');
    expect(res.delivered).toBe(false);
    expect(m.reactions).toEqual([{ name: 'pushpin', users: [ALICE.id], count: 1 }]);
    expect(seen.reactions).toEqual([]);
  });

  it('redelivers with the same event_id and X-Slack-Retry-Num, which Bolt exposes as context.retryNum', async () => {
    const event = { type: 'reaction_added', user: ALICE.id, reaction: 'eyes', item_user: ALICE.id, item: { type: 'message', channel: incident, ts: '1.000001' }, event_ts: '1.000002' };
    const first = await standin.deliverEvent(event);
    await standin.deliverEvent(event, { eventId: first.eventId ?? '', retryNum: 1, retryReason: 'http_timeout' });
    await standin.waitFor(() => seen.reactions.length === 2);
    expect(seen.reactions.map((r) => [r.eventId, r.retryNum])).toEqual([
      [first.eventId, undefined],
      [first.eventId, 1],
    ]);
  });

  it('sends message_changed and message_deleted for human edits', async () => {
    const m = standin.postMessageAsUser(ALICE.id, incident, 'typo');
    await standin.editMessage(incident, m.ts, 'fixed');
    expect(standin.state.findMessage(incident, m.ts)?.text).toBe('fixed');
    await standin.deleteMessage(incident, m.ts);
    await standin.waitFor(() => seen.messageEvents.length === 2);
    expect(seen.messageEvents).toEqual([
      { subtype: 'message_changed', channel: incident },
      { subtype: 'message_deleted', channel: incident },
    ]);
  });
});

describe('request signing', () => {
  const challenge = JSON.stringify({ type: 'url_verification', token: 'x', challenge: 'c-123' });

  it('signs exactly as Slack does, so Bolt answers a url_verification challenge', async () => {
    const res = await standin.signedPost('/slack/events', challenge, 'application/json');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ challenge: 'c-123' });
  });

  it('is rejected by Bolt with 401 for a bad signature', async () => {
    const res = await standin.signedPost('/slack/events', challenge, 'application/json', { signature: 'v0=deadbeef' });
    expect(res.status).toBe(401);
  });

  it('is rejected by Bolt with 401 for a timestamp six minutes old, even when correctly signed', async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await standin.signedPost('/slack/events', challenge, 'application/json', {
      timestamp: old,
      signature: signRequest(SIGNING_SECRET, challenge, old),
    });
    expect(res.status).toBe(401);
  });

  it('produces the documented v0 HMAC-SHA256 signature', () => {
    // Example from Slack's "Verifying requests from Slack" guide.
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(signRequest('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });
});
