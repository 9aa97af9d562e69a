import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionItemStoreFor } from '../../src/store/action-items.js';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';
import { movableClock } from './helpers.js';

/** Wednesday, May 13 2026, 12:00 EAT: `friday` is May 15. */
const clock = movableClock();
let h: Harness;
let channel: string;
let n: number;

beforeAll(async () => {
  clock.set(Date.parse('2026-05-13T09:00:00Z'));
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clock.now });
  channel = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  h.join(channel, BO, CY);
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

const store = () => actionItemStoreFor(h.s.redis);
const items = () => store().listForIncident(h.team, n);
const actionEntries = async () => (await h.s.incidents.timelineAll(h.team, n)).filter((e) => e.kind === 'action');
const cardText = () => {
  const pinned = h.standin.state.pinsIn(channel)[0]?.ts;
  const card = h.standin.state.messagesIn(channel).find((m) => m.ts === pinned);
  return JSON.stringify(card?.blocks ?? []);
};
const channelTexts = () => h.standin.state.messagesIn(channel).map((m) => m.text);

describe('adding and listing action items in the incident channel', () => {
  it('records owner, due date (read in the incident zone) and kind, echoes it and counts it on the card', async () => {
    const reply = await h.run(ANA, channel, `action add Alert on DB connection errors <@${BO}> due friday preventive`);
    expect(reply).toContain(':white_check_mark: Added *A1* to INC-');
    expect(reply).toContain(`preventive · <@${BO}> · due Fri, May 15, 2026`);
    const [item] = await items();
    expect(item).toMatchObject({ id: 1, text: 'Alert on DB connection errors', owner: BO, due: '2026-05-15', kind: 'preventive', state: 'open', ownerTimeZone: 'Europe/Stockholm' });
    expect(channelTexts().some((t) => t.includes(`Action item A1 added (preventive, owner <@${BO}>, due 2026-05-15): Alert on DB connection errors`))).toBe(true);
    await h.standin.waitFor(() => cardText().includes('*Open action items*\\n1'));
  });

  it('adds an unowned corrective item by default and says how to give it an owner', async () => {
    const reply = await h.run(CY, channel, 'action add Review the <config> change process');
    expect(reply).toContain('*A2*');
    expect(reply).toContain('corrective · _unowned_ · no due date');
    expect(reply).toContain('`/incident action assign A2 @someone`');
    expect(reply).toContain('Review the &lt;config&gt; change process');
  });

  it('lists the items of the incident with id, kind, owner, due date and state', async () => {
    const reply = await h.run(BO, channel, 'action list');
    expect(reply).toContain('*Action items of INC-');
    expect(reply).toContain('2 open of 2');
    expect(reply).toContain(`• *A1* · preventive · <@${BO}> · due Fri, May 15, 2026 — Alert on DB connection errors`);
    expect(reply).toContain('• *A2* · corrective · _unowned_ · no due date — Review the &lt;config&gt; change process');
  });

  it.each([
    ['action add Fix alerting due fridya', "couldn't read \"fridya\""],
    ['action add Fix alerting due 2026-05-01', 'in the past'],
    ['action add <@U0BO> due friday', 'Write what should be done'],
    ['action frobnicate A1', 'is not an action command'],
  ])('refuses "%s" with the usage and saves nothing', async (text, expected) => {
    const before = (await items()).length;
    const entries = (await actionEntries()).length;
    const reply = await h.run(ANA, channel, text);
    expect(reply).toContain(expected);
    expect(reply).toContain('Usage: `/incident action');
    expect((await items()).length).toBe(before);
    expect((await actionEntries()).length).toBe(entries);
  });

  it('explains that add and list belong in an incident channel', async () => {
    expect(await h.run(ANA, h.general, 'action add Fix alerting')).toContain("works in an incident's channel");
    expect(await h.run(ANA, h.general, 'action list')).toContain("works in an incident's channel");
  });
});

describe('changing an action item from anywhere by its id', () => {
  it('marks it done from another channel, records it and updates the card count', async () => {
    const reply = await h.run(BO, h.general, 'action done A1');
    expect(reply).toContain(':white_check_mark: A1 is done.');
    expect((await store().get(h.team, 1))?.state).toBe('done');
    const last = (await actionEntries()).at(-1);
    expect(last).toMatchObject({ author: BO, change: { field: 'A1.state', from: 'open', to: 'done' } });
    await h.standin.waitFor(() => cardText().includes('*Open action items*\\n1'));
    expect(await h.run(BO, h.general, 'action done A1')).toContain('A1 is already done.');
  });

  it('reopens, reassigns, re-dates and cancels, each on the timeline', async () => {
    expect(await h.run(ANA, channel, 'action reopen a1')).toContain('A1 is open again');
    expect(await h.run(ANA, channel, `action assign A1 <@${CY}>`)).toContain(`A1 is now owned by <@${CY}>`);
    expect(await h.run(ANA, channel, 'action due A1 in 3 days')).toContain('due Sat, May 16, 2026');
    expect(await h.run(ANA, channel, 'action cancel #1')).toContain('A1 is cancelled');
    const changes = (await actionEntries()).map((e) => e.change?.field);
    expect(changes.slice(-4)).toEqual(['A1.state', 'A1.owner', 'A1.due', 'A1.state']);
    const item = await store().get(h.team, 1);
    expect(item).toMatchObject({ state: 'cancelled', owner: CY, ownerTimeZone: 'Africa/Lagos', due: '2026-05-16' });
    expect(item?.remindAt).toBeUndefined();
  });

  it('names the id that does not exist, and asks for a mention when assigning', async () => {
    expect(await h.run(ANA, channel, 'action done A99')).toContain('There is no action item A99');
    expect(await h.run(ANA, channel, 'action assign A2 bo')).toContain('is not a Slack mention');
    expect(await h.run(ANA, channel, 'action due A2 someday')).toContain("couldn't read");
  });
});

describe('my items and everyone\'s', () => {
  it('lists my open items across incidents, overdue first, and everyone\'s with owner and incident', async () => {
    const other = await h.declare(CY, 'sev3 Slow search');
    await h.run(CY, other, `action add Add a search latency alert <@${BO}> due 2026-06-30`);
    await h.run(CY, other, `action add Index the orders table <@${BO}> due tomorrow`);
    await h.run(CY, other, `action add Write the runbook <@${ANA}>`);
    // A week later, "tomorrow" (May 14) is overdue.
    clock.set(Date.parse('2026-05-21T09:00:00Z'));
    const mine = await h.run(BO, h.general, 'actions');
    expect(mine).toContain('*Your open action items: 2* (overdue first)');
    const lines = mine.split('\n').filter((l) => l.startsWith('•'));
    expect(lines[0]).toMatch(/Index the orders table/);
    expect(lines[0]).toContain(':red_circle: *overdue* since Thu, May 14, 2026 (5 working days)');
    expect(lines[0]).toContain(`<#${other}>`);
    expect(lines[1]).toMatch(/Add a search latency alert/);
    const all = await h.run(CY, h.general, 'actions all');
    expect(all).toContain('*Open action items: 4*');
    const allLines = all.split('\n').filter((l) => l.startsWith('•'));
    expect(allLines[0]).toContain('Index the orders table');
    expect(allLines.at(-1)).toMatch(/_unowned_|Write the runbook/);
    expect(all).toContain(`<@${ANA}>`);
    expect(await h.run(CY, h.general, 'actions')).toContain('You have no open action items');
  });
});

describe('a private incident', () => {
  it('keeps its items from people outside it, but lets their owner finish them', async () => {
    const secret = await h.declare(ANA, 'sev2 Leaked credentials');
    const m = (await h.s.incidents.findByChannel(h.team, secret)) ?? 0;
    const reply = await h.run(ANA, secret, `action add Rotate the signing keys <@${BO}>`);
    const id = /\*A(\d+)\*/.exec(reply)?.[1];
    await h.s.incidents.mutate(h.team, m, ({ incident }) => ({ change: { incident: { ...incident, private: true, participants: [ANA] } }, result: undefined }));
    expect(await h.run(CY, h.general, `action cancel A${id}`)).toContain(`There is no action item A${id}`);
    expect((await store().get(h.team, Number(id)))?.state).toBe('open');
    expect(await h.run(BO, h.general, `action done A${id}`)).toContain(`A${id} is done`);
  });
});

describe('a closed incident', () => {
  it('still takes new action items in its channel', async () => {
    await h.s.incidents.mutate(h.team, n, ({ incident }) => ({ change: { incident: { ...incident, status: 'closed' } }, result: undefined }));
    const reply = await h.run(ANA, channel, `action add Test config changes in staging <@${BO}> due 2026-06-01`);
    expect(reply).toMatch(/Added \*A\d+\*/);
    expect((await items()).map((i) => i.text)).toContain('Test config changes in staging');
  });
});
