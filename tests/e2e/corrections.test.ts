import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { ANA, BO, CY, clockFrom, startHarness, type Harness } from '../support/harness.js';

/**
 * Fixing the record after the fact, through signed slash commands: Bo corrects and moves his own
 * note, Cy may not touch it, Ana (the commander) strikes Cy's wrong guess, and nobody edits what
 * the bot recorded. Every earlier version survives, and each correction is itself on the timeline.
 */

let h: Harness;
let channel: string;
let n: number;

const timeline = () => h.s.incidents.timelineAll(h.team, n);

/** `E3`: the number `/incident timeline` shows for the line holding `text`. */
async function refOf(text: string): Promise<string> {
  const reply = await h.run(ANA, channel, 'timeline');
  const line = reply.split('\n').find((l) => l.includes(text));
  const ref = /`(E\d+)`/.exec(line ?? '')?.[1];
  if (!ref) throw new Error(`no entry says ${text}:\n${reply}`);
  return ref;
}

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T18:10:00Z') });
  channel = await h.declare(ANA, 'sev2 Logins failing');
  h.join(channel, BO, CY);
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
  await h.run(BO, channel, 'note 7:25 PM Logins fail for everyone.');
  await h.run(CY, channel, 'note 7:40 PM Probably the CDN.');
  await h.run(ANA, channel, 'severity sev1 half of all logins fail');
});

afterAll(async () => {
  await h?.close();
});

describe('/incident timeline edit, move and delete', () => {
  it('lets the author correct a note: the text changes, the old one is kept, and the correction is recorded', async () => {
    const ref = await refOf('Logins fail for everyone.');
    expect(await h.run(BO, channel, `timeline edit ${ref} Logins fail for about 60% of new users.`)).toBe(
      `:pencil2: ${ref} corrected. The earlier version stays in its history, and the correction is on the timeline.`,
    );
    const entries = await timeline();
    const note = entries.find((e) => e.text === 'Logins fail for about 60% of new users.');
    expect(note?.history?.map((v) => [v.text, v.by])).toEqual([['Logins fail for everyone.', BO]]);
    const correction = entries.find((e) => e.kind === 'correction');
    expect(correction?.author).toBe(BO);
    expect(correction?.change).toEqual({ field: note?.id, from: 'Logins fail for everyone.', to: 'Logins fail for about 60% of new users.' });
    expect(h.standin.state.messagesIn(channel).some((m) => m.text.includes('Corrected the note of 7:25 PM EAT by <@U0BO>'))).toBe(true);
  });

  it('lets the author move it to when it really happened, keeping where it was', async () => {
    const ref = await refOf('Logins fail for about 60%');
    expect(await h.run(BO, channel, `timeline move ${ref} 7:30 PM`)).toContain(`:pencil2: ${ref} moved to May 13, 2023 7:30 PM EAT`);
    const note = (await timeline()).find((e) => e.text === 'Logins fail for about 60% of new users.');
    expect(new Date(note?.at ?? 0).toISOString()).toBe('2023-05-13T16:30:00.000Z');
    expect(note?.history?.map((v) => new Date(v.at).toISOString())).toEqual(['2023-05-13T16:25:00.000Z', '2023-05-13T16:25:00.000Z']);
  });

  // The refusal of an unreadable time lists `at 14:05` and `10 min ago`; both must then be accepted.
  it('moves it with every time form the help and the refusals offer, `10 min ago` and `at 7:30 PM` too', async () => {
    const ref = await refOf('Logins fail for about 60%');
    const asked = h.s.now();
    expect(await h.run(BO, channel, `timeline move ${ref} 10 min ago`)).toContain(`:pencil2: ${ref} moved to May 13, 2023`);
    const moved = (await timeline()).find((e) => e.text === 'Logins fail for about 60% of new users.');
    expect(moved?.at).toBeGreaterThanOrEqual(asked - 10 * 60_000 - 60_000);
    expect(moved?.at).toBeLessThanOrEqual(h.s.now() - 10 * 60_000);
    const again = await refOf('Logins fail for about 60%');
    expect(await h.run(BO, channel, `timeline move ${again} at 7:30 PM`)).toContain(`:pencil2: ${again} moved to May 13, 2023 7:30 PM EAT`);
  });

  it("refuses someone else's note to anyone but its author and the commander, and changes nothing", async () => {
    const ref = await refOf('Logins fail for about 60%');
    const before = await timeline();
    expect(await h.run(CY, channel, `timeline edit ${ref} It was the CDN.`)).toContain(`Only <@${BO}>, who wrote it, or the incident commander (<@${ANA}>) can correct ${ref}.`);
    expect(await timeline()).toEqual(before);
  });

  it('lets the commander strike a wrong note; it stays in the record, struck out', async () => {
    const ref = await refOf('Probably the CDN.');
    expect(await h.run(ANA, channel, `timeline delete ${ref}`)).toContain(`:wastebasket: ${ref} struck from the timeline.`);
    const struck = (await timeline()).find((e) => e.text === 'Probably the CDN.');
    expect(struck?.deleted?.by).toBe(ANA);
    expect(await h.run(ANA, channel, 'timeline')).toContain(`~Probably the CDN.~ (by <@${CY}>) _(deleted by <@${ANA}>)_`);
    expect(await h.run(ANA, channel, `timeline delete ${ref}`)).toContain(`${ref} was already deleted by <@${ANA}>`);
  });

  it('never edits what the bot recorded, and says which command corrects it', async () => {
    const ref = await refOf('Severity');
    const before = await timeline();
    expect(await h.run(ANA, channel, `timeline edit ${ref} SEV1 from the start`)).toContain(`${ref} was recorded by the bot, so it cannot be edited here: a severity change is corrected with \`/incident severity &lt;sev1-4&gt;\`.`);
    expect(await timeline()).toEqual(before);
  });

  it('explains a wrong number or a missing text with the usage', async () => {
    expect(await h.run(ANA, channel, 'timeline edit E999 text')).toContain('There is no E999: the timeline has');
    expect(await h.run(ANA, channel, 'timeline edit twelve text')).toContain('`twelve` is not an entry number');
    expect(await h.run(ANA, channel, 'timeline edit E2')).toContain('Write the corrected text after E2.');
    expect(await h.run(ANA, channel, 'timeline move E2 teatime')).toContain('Usage: `/incident timeline edit E&lt;n&gt; &lt;text&gt;');
  });

  it('shows the corrected note with its earlier version in the postmortem, and the struck one in the full record', async () => {
    const loaded = await h.s.incidents.load(h.team, n);
    if (!loaded) throw new Error('no incident');
    const md = renderMarkdown(buildDraft({ incident: loaded.incident, entries: await timeline(), actions: [], names: new Map([[ANA, 'ana'], [BO, 'bo'], [CY, 'cy']]), now: h.s.now() }));
    const [timelinePart, rest] = md.split('## Root cause and resolution');
    expect(timelinePart).toContain('· 7:30 PM EAT · Logins fail for about 60% of new users. — @bo\n  - _Corrected by @bo at');
    expect(timelinePart).not.toContain('Probably the CDN.');
    expect(rest).toMatch(/_Struck from the timeline by @ana at [^;]+; it said:_ Probably the CDN\. — @cy/);
  });
});
