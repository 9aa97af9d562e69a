import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { brokenMarkup } from '../../src/standin/markup.js';
import { ANA, TOKEN, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

describe('the stand-in reads `<…>` the way Slack renders it', () => {
  it('accepts mentions, channels, specials and links, and flags anything else as broken', () => {
    expect(brokenMarkup('<@U0ANA> <@U0BO|bo> <#C01|ops> <!here> <!channel> <!subteam^S0DBA|@dbas> <https://x.example/a|docs> <mailto:a@b.c>')).toEqual([]);
    expect(brokenMarkup('status <investigating|identified|monitoring|resolved> [<time>]')).toEqual(['<investigating|identified|monitoring|resolved>', '<time>']);
    expect(brokenMarkup('a < b')).toEqual(['< b']);
  });

  it('refuses a raw usage line posted past the escape boundary, and records it', async () => {
    // A client without warroom's fetch: what a forgotten escape would send.
    const raw = new WebClient(TOKEN, { slackApiUrl: h.standin.apiUrl, retryConfig: { retries: 0 } });
    await expect(raw.chat.postMessage({ channel: h.general, text: 'Usage: `/incident status <investigating|identified>`' })).rejects.toMatchObject({ data: { error: 'broken_markup' } });
    expect(h.standin.state.markupProblems.map((p) => p.broken)).toEqual([['<investigating|identified>']]);
    h.standin.state.markupProblems.length = 0;
  });
});

describe('usage and help reach Slack escaped', () => {
  it('sends the whole help through the signed path, and the stand-in finds nothing broken', async () => {
    const reply = await h.run(ANA, h.general, 'help');
    // The reply's text is cut at Slack's 3,000 characters; the first commands are always in it.
    for (const c of commands.filter((c) => !c.hidden).slice(0, 8)) expect(reply.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toContain(c.usage);
    expect(brokenMarkup(reply)).toEqual([]);
    expect(h.standin.state.markupProblems).toEqual([]);
  });

  it("posts every command's usage through the bot's own Slack client: Slack shows each as typed", async () => {
    for (const c of commands) {
      const res = await h.s.slack.chat.postMessage({ channel: h.general, text: `Usage: \`/incident ${c.usage}\`` });
      const shown = h.standin.state.findMessage(h.general, res.ts ?? '')?.text ?? '';
      expect(brokenMarkup(shown)).toEqual([]);
      expect(shown.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')).toBe(`Usage: \`/incident ${c.usage}\``);
    }
    expect(h.standin.state.markupProblems).toEqual([]);
  });

  it('answers a mistyped subcommand with its usage escaped', async () => {
    const reply = await h.run(ANA, h.general, 'status');
    expect(brokenMarkup(reply)).toEqual([]);
  });
});
