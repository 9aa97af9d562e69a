import type { AddressInfo } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, BOT_TOKEN, SIGNING_SECRET, quietLogger, startWorkspace } from './helpers.js';

/** "⋯ → Add to timeline" on a message reaches a Bolt app as Slack's signed `message_action` payload. */

let standin: Standin;
let app: App;
const seen: { callbackId: string; user: string; channel: string; messageTs: string; text: string; trigger: string }[] = [];

beforeAll(async () => {
  standin = await startWorkspace();
  app = new App({
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, timeout: 5000, logger: quietLogger },
  });
  app.shortcut({ callback_id: 'add_to_timeline', type: 'message_action' }, async ({ ack, shortcut, respond }) => {
    await ack();
    seen.push({ callbackId: shortcut.callback_id, user: shortcut.user.id, channel: shortcut.channel.id, messageTs: shortcut.message_ts, text: shortcut.message.text ?? '', trigger: shortcut.trigger_id });
    await respond({ text: 'Added to the timeline.' });
  });
  const server = await app.start(0);
  standin.setAppUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`);
});
afterAll(async () => {
  await app.stop();
  await standin.close();
});

describe('a message shortcut', () => {
  it('sends the message, the channel and who chose it, signed, and the app can answer only that person', async () => {
    const channel = standin.addChannel({ name: 'inc-7', members: [standin.botUserId, ALICE.id] }).id;
    const m = standin.postMessageAsUser(ALICE.id, channel, 'db-1 CPU at 100%');
    const r = await standin.messageShortcut({ user: ALICE.id, channel, messageTs: m.ts, callbackId: 'add_to_timeline' });
    expect(r.status).toBe(200);
    expect(seen).toEqual([{ callbackId: 'add_to_timeline', user: ALICE.id, channel, messageTs: m.ts, text: 'db-1 CPU at 100%', trigger: r.triggerId }]);
    await standin.waitFor(() => standin.state.ephemerals.find((e) => e.user === ALICE.id && e.text === 'Added to the timeline.'));
  });

  it('refuses a message that is not there, as a person could not choose it', async () => {
    const channel = standin.addChannel({ name: 'inc-8', members: [standin.botUserId, ALICE.id] }).id;
    await expect(standin.messageShortcut({ user: ALICE.id, channel, messageTs: '1.000001', callbackId: 'add_to_timeline' })).rejects.toThrow(/no message/);
  });

  it('tells change listeners when the app answers through the Web API', async () => {
    let changes = 0;
    const stop = standin.onChange(() => (changes += 1));
    const channel = standin.addChannel({ name: 'inc-9', members: [standin.botUserId, ALICE.id] }).id;
    const m = standin.postMessageAsUser(ALICE.id, channel, 'look at this');
    await standin.messageShortcut({ user: ALICE.id, channel, messageTs: m.ts, callbackId: 'add_to_timeline' });
    await standin.waitFor(() => changes > 0);
    stop();
    expect(changes).toBeGreaterThan(0);
  });
});
