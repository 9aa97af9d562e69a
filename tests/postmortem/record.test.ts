import { afterEach, describe, expect, it, vi } from 'vitest';
import { pinEntryId } from '../../src/domain/entries.js';
import { IncidentExport } from '../../src/postmortem/export.js';
import { ActionId } from '../../src/slack/views/ids.js';
import type { Standin } from '../../src/standin/index.js';
import { ANA, BO, CY, responseText, startHarness, type Harness } from '../support/harness.js';

/** Keeping the record true before and after closing: narrative, pinned messages, reopening, export. */

const FAST = { postmortem: { deliveryAttempts: 3, retryDelayMs: 100 } };

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

function upload(standin: Standin, name: string, title?: string) {
  return [...standin.state.files.values()].find((f) => f.name === name && f.completed && (title === undefined || f.title === title));
}

async function confirmClose(harness: Harness, channel: string, user: string): Promise<void> {
  expect(await harness.run(user, channel, 'close')).toContain('Closing it marks it resolved now');
  const prompt = await harness.standin.waitFor(() => harness.standin.state.ephemerals.find((e) => e.user === user && JSON.stringify(e.blocks ?? []).includes(ActionId.confirmClose)));
  const sent = await harness.standin.clickButton({ user, channel, messageTs: prompt.ts, actionId: ActionId.confirmClose });
  const id = sent.responseUrl?.split('/').pop();
  const answer = await harness.standin.waitFor(() => harness.standin.responses.find((r) => r.id === id));
  expect(responseText(answer)).toContain('is closed');
}

describe('the narrative of an incident', () => {
  it('records summary, impact, cause and resolution as timeline entries, latest wins, even after closing', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await h.declare(ANA, 'sev2 Checkout returns 502');
    h.join(channel, BO, CY);
    expect(await h.run(ANA, channel, 'impact')).toBe('No impact is recorded for INC-1 yet. Usage: `/incident impact &lt;text&gt;`');
    expect(await h.run(ANA, channel, 'impact some orders fail')).toBe(':pencil2: Impact saved for INC-1.');
    await h.run(BO, channel, 'impact about 40% of orders fail <!channel> & more');
    expect(await h.run(CY, channel, 'impact')).toBe('*Impact of INC-1:* about 40% of orders fail &lt;!channel&gt; &amp; more\nChange it with `/incident impact &lt;text&gt;`.');
    expect(await h.run(BO, channel, 'impact about 40% of orders fail <!channel> & more')).toContain('already says exactly that');
    await h.run(ANA, channel, 'summary Payments broke after the 14:00 deploy.');
    await h.run(ANA, channel, 'resolution rolled back the deploy');
    await confirmClose(h, channel, ANA);
    expect(await h.run(CY, channel, 'cause the deploy dropped a database index')).toContain('`/incident postmortem` drafts the postmortem again');
    const loaded = await h.s.incidents.load(h.team, 1);
    expect(loaded?.incident).toMatchObject({ status: 'closed', impact: 'about 40% of orders fail <!channel> & more', cause: 'the deploy dropped a database index', summary: 'Payments broke after the 14:00 deploy.' });
    const fields = (await h.s.incidents.timelineAll(h.team, 1)).filter((e) => e.kind === 'field').map((e) => [e.author, e.change?.field, e.change?.from ?? null]);
    expect(fields).toEqual([
      [ANA, 'impact', null],
      [BO, 'impact', 'some orders fail'],
      [ANA, 'summary', null],
      [ANA, 'resolution', null],
      [CY, 'cause', null],
    ]);
    const channelText = (h.standin.state.messages.get(channel) ?? []).map((m) => m.text).join('\n');
    expect(channelText).not.toContain('<!channel>');
  });
});

describe('pinned messages in the postmortem', () => {
  it('shows the edited text with the first one kept, and marks a deleted message', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await h.declare(ANA, 'sev2 Logins fail');
    const edited = h.standin.postMessageAsUser(BO, channel, 'DB CPU at 100% since 19:02');
    const deleted = h.standin.postMessageAsUser(CY, channel, 'I think it is the cache');
    for (const m of [edited, deleted]) {
      await h.standin.addReaction(ANA, channel, m.ts, 'pushpin');
      await h.standin.waitFor(() => h!.standin.state.messages.get(channel)?.find((x) => x.ts === m.ts)?.reactions.some((r) => r.name === 'memo'));
    }
    await h.standin.editMessage(channel, edited.ts, 'DB CPU at 98% since 19:02 (edited)');
    await h.standin.deleteMessage(channel, deleted.ts);
    // Events are acknowledged before they are handled, so wait for the record to follow.
    await vi.waitFor(async () => {
      const entry = await h!.s.incidents.entry(h!.team, 1, pinEntryId(edited.ts));
      expect(entry?.text).toBe('DB CPU at 98% since 19:02 (edited)');
      expect(entry?.pin?.history).toEqual(['DB CPU at 100% since 19:02']);
      expect((await h!.s.incidents.entry(h!.team, 1, pinEntryId(deleted.ts)))?.pin?.deleted).toBe(true);
    });
    await h.run(ANA, channel, 'status resolved');
    await h.run(ANA, channel, 'close');
    const file = await h.standin.waitFor(() => upload(h!.standin, 'INC-1-postmortem.md'), 10_000);
    expect(file.content).toMatch(/📌 pinned message from @bo \(\[message\]\(https:[^)]+\)\), edited since:\n {2}> DB CPU at 98% since 19:02 \(edited\)\n {2}>\n {2}> _First posted as:_\n {2}> DB CPU at 100% since 19:02\n/);
    expect(file.content).toMatch(/📌 pinned message from @cy \(\[message\]\(https:[^)]+\)\), deleted in Slack after it was recorded:\n {2}> I think it is the cache\n/);
  });
});

describe('reopening', () => {
  it('records the reopening, puts the incident back in the open list, and the next close drafts v2', async () => {
    // Bo is a warroom admin here: admins may reopen and close any incident they are in.
    h = await startHarness({ settings: { ...FAST, permissions: { admins: [BO] } } });
    const channel = await h.declare(ANA, 'sev3 Search is slow');
    h.join(channel, BO);
    expect(await h.run(ANA, channel, 'reopen')).toContain('is not closed');
    await confirmClose(h, channel, ANA);
    await h.standin.waitFor(() => upload(h!.standin, 'INC-1-postmortem.md', 'INC-1 postmortem draft v1'), 10_000);
    expect(await h.s.incidents.openNumbers(h.team)).toEqual([]);
    expect(await h.run(BO, channel, 'reopen slow again after the reindex')).toContain('INC-1 is open again as *Investigating*');
    expect(await h.s.incidents.openNumbers(h.team)).toEqual([1]);
    const reopened = (await h.s.incidents.timelineAll(h.team, 1)).find((e) => e.kind === 'reopened');
    expect(reopened?.text).toBe(`Incident reopened by <@${BO}> as Investigating: slow again after the reindex`);
    expect(h.standin.state.channels.get(channel)?.topic).toContain('Investigating');
    await confirmClose(h, channel, BO);
    const v2 = await h.standin.waitFor(() => upload(h!.standin, 'INC-1-postmortem.md', 'INC-1 postmortem draft v2'), 10_000);
    expect(v2.content).toContain('Incident reopened by @bo as Investigating: slow again after the reindex');
    expect(v2.content).toContain('The incident was reopened once. What did the first resolution miss?');
  });
});

describe('an incident with nothing recorded', () => {
  it('still drafts, with every section only people can write marked', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await h.declare(ANA, 'sev4 Something odd');
    await confirmClose(h, channel, ANA);
    const file = await h.standin.waitFor(() => upload(h!.standin, 'INC-1-postmortem.md'), 10_000);
    expect([...file.content.matchAll(/^### ✍️ (.*)$/gm)].map((m) => m[1])).toEqual(['What went well', 'What went wrong', 'Lessons learned', 'Summary', 'Impact', 'Root cause', 'Resolution']);
    expect(file.content).toContain('✍️ _No summary was recorded');
    expect(file.content).toContain('✍️ _Not recorded yet: `/incident cause <text>`.');
    expect(file.content).toContain('_None recorded: `/incident action add <text> [@owner] [due <date>] corrective`._');
  });
});

describe('exporting the record', () => {
  it('uploads the incident, key times, timeline and action items as JSON in the documented format', async () => {
    h = await startHarness({ settings: FAST });
    const channel = await h.declare(ANA, 'sev2 Checkout returns 502');
    await h.run(ANA, channel, 'note rolled back the deploy');
    await h.run(ANA, channel, `action add add a canary stage <@${BO}> preventive`);
    const reply = await h.run(ANA, channel, 'export');
    expect(reply).toContain('Uploaded `INC-1-record.json`');
    const file = await h.standin.waitFor(() => upload(h!.standin, 'INC-1-record.json'));
    expect(file.channels).toEqual([channel]);
    const record = IncidentExport.parse(JSON.parse(file.content));
    expect(record.incident).toMatchObject({ id: 'INC-1', title: 'Checkout returns 502', severity: 'sev2', status: 'investigating', channel });
    expect(record.timeline.map((e) => e.kind)).toEqual(['declared', 'note', 'action']);
    expect(record.actions).toEqual([expect.objectContaining({ id: 'A1', text: 'add a canary stage', kind: 'preventive', owner: BO, state: 'open' })]);
    expect(Object.keys(record.keyTimes)).toEqual(['declared']);
  });
});

describe('an incident in another time zone', () => {
  it("shows every time in that zone with its own abbreviation, and dates when it crosses midnight", async () => {
    // 11:50 PM in New York on a summer evening; resolved at 12:40 AM the next day.
    let clock = Date.parse('2025-07-05T03:50:00Z');
    h = await startHarness({ settings: FAST, timeZone: 'America/New_York', now: () => clock });
    const channel = await h.declare(ANA, 'sev2 Payments timing out');
    clock = Date.parse('2025-07-05T04:45:00Z');
    await h.run(ANA, channel, 'note 12:10 AM retries doubled the load');
    await h.run(ANA, channel, 'status resolved 12:40 AM');
    await h.run(ANA, channel, 'close');
    const file = await h.standin.waitFor(() => upload(h!.standin, 'INC-1-postmortem.md'), 10_000);
    expect(file.content).toContain('Between 11:50 PM EDT on Jul 4, 2025 and 12:40 AM EDT on Jul 5, 2025 (50 minutes), INC-1 was a SEV2 incident.');
    expect(file.content).toContain('· Jul 5, 2025 12:10 AM EDT · retries doubled the load — @ana');
    expect(file.content).not.toContain('EAT');
  });
});
