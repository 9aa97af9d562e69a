import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { ANA, BO, CY, ackText, startHarness, type Harness } from '../support/harness.js';
import { liveMarkup, mark, sentTexts } from './live-markup.js';

let h: Harness;
let incident: string;
beforeAll(async () => {
  const hour = { sev1: 60, sev2: 60, sev3: 60, sev4: 60 };
  h = await startHarness({
    settings: { escalation: { defaultPolicy: 'Platform', policies: [{ name: 'Platform', levels: [{ name: 'On-call <engineering>', targets: [BO], ackTimeoutMinutes: hour }] }] } },
  });
  incident = await h.declare(ANA, 'sev2 Checkout returns 502');
});
afterAll(async () => {
  await h.close();
});

/** What a hurried or hostile responder types, as Slack sends it (mentions and specials already as markup). */
const hostile = ['<!channel>', '<!here>', '<!everyone>', '<!subteam^S0DBA|@dbas>', '&lt;!channel&gt;', '&amp;lt;!here&amp;gt;', '<!date^1392734382^{date}|x>', '<javascript:alert(1)|click>', '<', '>', '&', '<a|b>', '`<!here>`'];
const benign = ['<@U0BO>', `<@${CY}|cy>`, '<https://status.example.com|status>', 'sev1', 'SEV-9', 'commander', 'scribe', 'resolved', 'identified', 'mitigated', '7:05 PM', '25:00', 'yesterday', 'due', 'tomorrow', 'add', 'done', 'A1', '--for', 'db', 'down'];
const words = commands.flatMap((c) => [c.name, ...(c.aliases ?? [])]).filter((w) => w !== 'close' && w !== 'reopen');

const fragment = fc.oneof(fc.constantFrom(...hostile), fc.constantFrom(...benign), fc.string({ maxLength: 6 }));
const command = fc.record({
  word: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...words) }, { weight: 1, arbitrary: fc.constantFrom('nite', '<!channel>', 'stauts') }),
  rest: fc.array(fragment, { minLength: 0, maxLength: 5 }).map((f) => f.join(' ')),
  where: fc.constantFrom('incident', 'general'),
});

describe('whatever is typed, nothing the bot sends pings a crowd or renders broken', () => {
  it('fuzzes every command: no reply, ack, ephemeral or post carries <!channel>, <!here>, <!everyone> or any <…> but a mention or link', async () => {
    await fc.assert(
      fc.asyncProperty(command, async ({ word, rest, where }) => {
        const from = mark(h.standin);
        const sent = await h.standin.sendCommand({ user: ANA, channel: where === 'incident' ? incident : h.general, text: `${word} ${rest}`.trim() });
        expect(sent.status).toBe(200);
        await h.s.afterReplies.idle();
        await h.s.echo.idle();
        const ack = ackText(sent.body);
        const texts = [...(ack ? [{ where: 'ack', text: ack }] : []), ...sentTexts(h.standin, from)];
        const live = texts.flatMap((t) => liveMarkup(t.text).map((token) => `${t.where}: ${token} in ${JSON.stringify(t.text.slice(0, 200))}`));
        expect(live).toEqual([]);
      }),
      { numRuns: 400 },
    );
    // And the stand-in, which refuses what Slack would show broken, refused nothing.
    expect(h.standin.state.markupProblems).toEqual([]);
  }, 120_000);
});
