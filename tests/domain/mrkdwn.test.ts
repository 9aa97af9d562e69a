import { describe, expect, it } from 'vitest';
import { escapeText, forSlack, forSlackPayload, normalizeMentions, plainText, truncate, unescapeSlack, userText } from '../../src/slack/views/mrkdwn.js';

describe('user text in Slack messages', () => {
  it('shows broadcast mentions as text instead of pinging everyone', () => {
    expect(userText('<!channel> db down')).toBe('&lt;!channel&gt; db down');
    expect(userText('<!here|here> and <!subteam^S1|@dbas>')).toBe('&lt;!here|here&gt; and &lt;!subteam^S1|@dbas&gt;');
  });

  it('keeps people, channels and links clickable', () => {
    expect(userText('ask <@U123> in <#C9|ops>: <https://status.example.com|status> & more')).toBe(
      'ask <@U123> in <#C9|ops>: <https://status.example.com|status> &amp; more',
    );
  });

  it('escapes each character once even when Slack already escaped it', () => {
    expect(escapeText(unescapeSlack('a &lt; b &amp;&amp; c'))).toBe('a &lt; b &amp;&amp; c');
  });

  it('stores mentions by ID only, and shows names in plain-text places like the topic', () => {
    expect(normalizeMentions('IC <@U1|ana> in <#C2|inc-1>')).toBe('IC <@U1> in <#C2>');
    expect(plainText('IC <@U1>', new Map([['U1', 'ana']]))).toBe('IC @ana');
  });

  it('cuts long text at a word with an ellipsis', () => {
    expect(truncate('one two three four', 12)).toBe('one two…');
    expect(truncate('short', 12)).toBe('short');
  });
});

describe('the escape boundary (forSlack)', () => {
  it('keeps the mentions and links the bot makes live, and shows every other <…> as typed', () => {
    expect(forSlack('<@U0ANA> paged <#C01|ops>: <https://status.example.com|status>')).toBe('<@U0ANA> paged <#C01|ops>: <https://status.example.com|status>');
    expect(forSlack('`<!channel>` is not a role.')).toBe('`&lt;!channel&gt;` is not a role.');
    expect(forSlack('<!here> <!everyone> <!subteam^S1|@dbas>')).toBe('&lt;!here&gt; &lt;!everyone&gt; &lt;!subteam^S1|@dbas&gt;');
    expect(forSlack('status <investigating|identified> [<time>]')).toBe('status &lt;investigating|identified&gt; [&lt;time&gt;]');
    expect(forSlack('R&D <3')).toBe('R&amp;D &lt;3');
  });

  it('changes nothing the second time, so text escaped early is not escaped twice', () => {
    const once = forSlack('a &lt;b&gt; & <!here> <@U1>');
    expect(once).toBe('a &lt;b&gt; &amp; &lt;!here&gt; <@U1>');
    expect(forSlack(once)).toBe(once);
  });

  it('escapes mrkdwn texts in blocks but leaves plain text, button values and metadata alone', () => {
    const payload = {
      text: '<!channel>',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '<!here>' } },
        { type: 'header', text: { type: 'plain_text', text: '<kept>' } },
        { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Ack' }, value: '<1:2>' }] },
      ],
      metadata: { event_type: 'x', event_payload: { text: '<raw>' } },
    };
    expect(forSlackPayload(payload)).toEqual({
      ...payload,
      text: '&lt;!channel&gt;',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '&lt;!here&gt;' } }, payload.blocks[1], payload.blocks[2]],
    });
  });
});
