import { describe, expect, it } from 'vitest';
import { escapeText, normalizeMentions, plainText, truncate, unescapeSlack, userText } from '../../src/slack/views/mrkdwn.js';

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
