import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pinEntryId } from '../../src/domain/entries.js';
import { buildDraft } from '../../src/postmortem/draft.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { ANA, BO, clockFrom, responseText, startHarness, type Harness } from '../support/harness.js';

/**
 * "Add to timeline", the message shortcut next to 📌, as Slack sends it (a signed
 * `message_action`): Ana adds Bo's message from the incident channel; it is recorded at the time
 * Bo posted it, with its author and permalink, and a form lets her say why it matters.
 */

const CALLBACK = 'add_to_timeline';
let h: Harness;
let channel: string;
let n: number;

const openForm = (user: string) => [...h.standin.state.views.values()].find((v) => v.user === user && !v.closed && v.view.callback_id === 'wr_timeline_comment_modal');

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T17:30:00Z') });
  channel = await h.declare(ANA, 'sev2 Logins failing');
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});

afterAll(async () => {
  await h?.close();
});

describe('the "Add to timeline" message shortcut', () => {
  let ts = '';

  it('records the message at the time it was posted, with its author and link, and opens a form for a comment', async () => {
    ts = h.standin.postMessageAsUser(BO, channel, 'max_connections is at 500/500 on db-1').ts;
    const sent = await h.standin.sendMessageShortcut({ user: ANA, channel, messageTs: ts, callbackId: CALLBACK });
    expect(sent.status).toBe(200);
    const form = await h.standin.waitFor(() => openForm(ANA));
    expect(JSON.stringify(form.view.blocks)).toContain("Added to INC-1's timeline at");
    const entry = await h.s.incidents.entry(h.team, n, pinEntryId(ts));
    expect(entry).toMatchObject({ kind: 'pin', source: 'shortcut', author: BO, text: 'max_connections is at 500/500 on db-1', at: Math.round(Number(ts) * 1000) });
    expect(entry?.pin?.permalink).toMatch(/^https?:\/\/.+/);
  });

  it('keeps the comment with the message when the form is sent', async () => {
    const form = openForm(ANA);
    if (!form) throw new Error('no form');
    const submitted = await h.standin.submitView({ user: ANA, viewId: form.id, values: { comment: { comment: { value: 'First sign of the connection pool running out' } } } });
    expect(submitted.status).toBe(200);
    expect(form.closed).toBe(true);
    const entry = await h.s.incidents.entry(h.team, n, pinEntryId(ts));
    expect(entry?.pin?.comments?.map((c) => [c.by, c.text])).toEqual([[ANA, 'First sign of the connection pool running out']]);
  });

  it('records a message once, however often it is added, and says so', async () => {
    const before = (await h.s.incidents.timelineAll(h.team, n)).length;
    await h.standin.sendMessageShortcut({ user: BO, channel, messageTs: ts, callbackId: CALLBACK });
    const form = await h.standin.waitFor(() => openForm(BO));
    expect(JSON.stringify(form.view.blocks)).toContain("is already in INC-1's timeline");
    await h.standin.submitView({ user: BO, viewId: form.id, values: {} });
    await h.s.afterReplies.idle();
    expect((await h.s.incidents.timelineAll(h.team, n)).length).toBe(before);
  });

  it('answers only the person, and records nothing, outside an incident channel', async () => {
    const other = h.standin.postMessageAsUser(BO, h.general, 'lunch?').ts;
    const sent = await h.standin.sendMessageShortcut({ user: ANA, channel: h.general, messageTs: other, callbackId: CALLBACK });
    const id = sent.responseUrl?.split('/').pop();
    const answer = await h.standin.waitFor(() => h.standin.responses.find((r) => r.id === id));
    expect(responseText(answer)).toContain('“Add to timeline” works on messages in an incident’s channel');
  });

  it('shows the message and its comment in the postmortem', async () => {
    const loaded = await h.s.incidents.load(h.team, n);
    if (!loaded) throw new Error('no incident');
    const md = renderMarkdown(buildDraft({ incident: loaded.incident, entries: await h.s.incidents.timelineAll(h.team, n), actions: [], names: new Map([[ANA, 'ana'], [BO, 'bo']]), now: h.s.now() }));
    expect(md).toMatch(/💬 message from @bo, added to the timeline \(\[message\]\([^)]+\)\):\n {2}> max_connections is at 500\/500 on db-1\n {2}- _Comment by @ana at \d+:\d\d [AP]M EAT:_ First sign of the connection pool running out/);
  });
});
