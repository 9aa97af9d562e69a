import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANA, startHarness, type Harness } from '../support/harness.js';

/**
 * Slack failing under the bot: rate limits with Retry-After, 5xx, and answers lost after Slack
 * did the work (the case that makes a naive retry create a second channel or card). Faults are
 * injected in the stand-in; what is checked is what people see in Slack.
 */
let h: Harness;
beforeEach(async () => {
  h = await startHarness({ workers: false });
});
afterEach(async () => {
  await h.close();
});

const incidentChannels = () => [...h.standin.state.channels.values()].filter((c) => c.name.startsWith('inc-'));
const cards = (channel: string) => h.standin.state.messagesIn(channel).filter((m) => (m.blocks?.length ?? 0) > 0 && m.user === h.standin.botUserId);
const calls = (method: string) => h.standin.calls.filter((c) => c.method === method);

describe('declaring while Slack fails', () => {
  it('retries rate limits, 5xx and lost answers, and still makes one channel, one card, one pin, one announcement', async () => {
    h.standin.loseAnswerNext('conversations.create', 503);
    h.standin.failHttpNext('conversations.setTopic', 500);
    h.standin.loseAnswerNext('chat.postMessage', 504);
    h.standin.rateLimitNext('pins.add', 1, 1);

    const reply = await h.run(ANA, h.general, 'declare sev2 Checkout returns 502');
    expect(reply).toContain(':white_check_mark: Declared INC-1');

    expect(incidentChannels()).toHaveLength(1);
    const channel = incidentChannels()[0]?.id ?? '';
    expect(cards(channel)).toHaveLength(1);
    expect(h.standin.state.pinsIn(channel)).toHaveLength(1);
    expect(h.standin.state.channels.get(channel)?.topic).not.toBe('');
    expect(h.standin.state.messagesIn(h.broadcastId ?? '').filter((m) => m.text.includes('INC-1 declared'))).toHaveLength(1);
    // Each failed call was tried again, and only then.
    expect(calls('conversations.create').map((c) => c.status)).toEqual([503, 200]);
    expect(calls('pins.add').map((c) => c.status)).toEqual([429, 200]);
  });

  it('says a permanent failure to the person who declared, without retrying it', async () => {
    h.standin.failNext('pins.add', 'restricted_action');
    const reply = await h.run(ANA, h.general, 'declare sev3 Search is slow');
    expect(reply).toContain('is declared and saved, but I could not pin the summary card');
    expect(reply).toContain('a workspace setting stops the bot from doing that');
    expect(calls('pins.add')).toHaveLength(1);
  });

  it('finishes a setup whose card was posted but not confirmed without posting it again', async () => {
    // The card is posted but its answer lost, and Slack's history is down for every retry: the
    // setup gives up on that step and the user runs declare again.
    h.standin.loseAnswerNext('chat.postMessage', 503);
    h.standin.failHttpNext('conversations.history', 500, 3);
    const first = await h.run(ANA, h.general, 'declare sev3 Queue backlog');
    expect(first).toContain('could not post the summary card');
    const channel = incidentChannels()[0]?.id ?? '';
    expect(cards(channel)).toHaveLength(1);
    const again = await h.run(ANA, h.general, 'declare');
    expect(again).toContain('Finished setting up INC-1');
    expect(cards(channel)).toHaveLength(1);
    expect(h.standin.state.pinsIn(channel)).toHaveLength(1);
  });
});
