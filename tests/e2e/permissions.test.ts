import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionId } from '../../src/slack/views/ids.js';
import { ANA, BO, CY, responseText, startHarness, type Harness } from '../support/harness.js';
import { eventually, incidentOf, perSeverity, texts, timeline } from '../escalation/helpers.js';

/**
 * Who may do what, end to end through signed requests: Ana declares, Bo is in the channel,
 * Cy is outside it until she joins; Dee is a warroom admin through the admins' user group.
 */
const DEE = 'U0DEE';
const EVE = 'U0EVE';
const hour = perSeverity(60, 60, 60, 60);
const settings = {
  permissions: { admins: ['S0ADMINS'] },
  escalation: {
    defaultPolicy: 'Platform',
    policies: [
      {
        name: 'Platform',
        levels: [
          { name: 'On-call engineering', targets: [BO], ackTimeoutMinutes: hour },
          { name: 'Database administrators', targets: ['S0DBA'], ackTimeoutMinutes: hour },
        ],
      },
    ],
  },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ settings });
  h.standin.addUser({ id: DEE, name: 'dee', realName: 'Dee Mwangi', tz: 'Africa/Nairobi' });
  h.standin.addUser({ id: EVE, name: 'eve', realName: 'Eve Nilsson', tz: 'Europe/Stockholm' });
  h.standin.addUsergroup({ id: 'S0ADMINS', handle: 'warroom-admins', users: [DEE] });
  h.standin.addUsergroup({ id: 'S0DBA', handle: 'dbas', users: [EVE] });
});
afterAll(async () => {
  await h?.close();
});

async function declared(title: string): Promise<{ channel: string; n: number }> {
  const channel = await h.declare(ANA, `sev2 ${title}`);
  h.join(channel, BO);
  return { channel, n: await incidentOf(h, channel) };
}

describe('only people in the incident channel change it', () => {
  it('refuses a note from someone outside the channel, says why and who can let her in, and records nothing', async () => {
    const { channel, n } = await declared('Checkout errors');
    const before = (await timeline(h, n)).length;
    const reply = await h.run(CY, channel, 'note I think it is the cache');
    expect(reply).toBe(`:warning: Only members of INC-${n}'s channel can change it, and you are not in it. Ask the commander and declarer <@${ANA}> or a warroom admin (the admins' user group) to invite you.`);
    expect(await timeline(h, n)).toHaveLength(before);
  });

  it('lets her in as soon as she joins', async () => {
    const { channel, n } = await declared('Search timeouts');
    expect(await h.run(CY, channel, 'note outside')).toContain('Only members');
    h.join(channel, CY);
    expect(await h.run(CY, channel, 'note inside now')).toMatch(/^:memo: Saved/);
    expect((await timeline(h, n)).some((e) => e.text === 'inside now' && e.author === CY)).toBe(true);
  });
});

describe('closing, reopening and severity belong to the commander, the declarer and the admins', () => {
  it('refuses them to another member, naming who may', async () => {
    const { channel, n } = await declared('Payments slow');
    await h.run(ANA, channel, `role commander <@${CY}>`);
    const expected = `Only the commander <@${CY}>, the declarer <@${ANA}> or a warroom admin (the admins' user group) can`;
    expect(await h.run(BO, channel, 'close')).toBe(`:warning: ${expected} close INC-${n}. Ask one of them in the channel.`);
    expect(await h.run(BO, channel, 'severity sev1 worse')).toContain(`${expected} change the severity of INC-${n}.`);
    expect((await h.s.incidents.load(h.team, n))?.incident).toMatchObject({ status: 'investigating', severity: 'sev2' });
  });

  it('lets the declarer change the severity and an admin from the user group close and reopen', async () => {
    const { channel, n } = await declared('Queue backlog');
    expect(await h.run(ANA, channel, 'severity sev1 all regions')).toContain('Severity is now *SEV1*');
    h.join(channel, DEE);
    expect(await h.run(DEE, channel, 'status resolved')).toContain('Resolved');
    expect(await h.run(DEE, channel, 'close')).toContain(`INC-${n} is closed`);
    expect(await h.run(BO, channel, 'reopen still broken')).toContain(`can reopen INC-${n}`);
    expect(await h.run(DEE, channel, 'reopen still broken')).toContain(`INC-${n} is open again`);
  });

  it("refuses the card's Close button to a member who does not lead the incident", async () => {
    const { channel, n } = await declared('Image uploads fail');
    const card = h.standin.state.messagesIn(channel).find((m) => JSON.stringify(m.blocks ?? []).includes(ActionId.closeIncident));
    expect(card).toBeDefined();
    const clicked = await h.standin.clickButton({ user: BO, channel, messageTs: card?.ts ?? '', actionId: ActionId.closeIncident });
    expect(clicked.status).toBe(200);
    const answer = await h.standin.waitFor(() => h.standin.responses.find((r) => responseText(r).includes(`can close INC-${n}`)));
    expect(responseText(answer)).toContain(`Only the commander and declarer <@${ANA}> or a warroom admin`);
    expect((await h.s.incidents.load(h.team, n))?.incident.status).toBe('investigating');
  });
});

describe('acknowledging a page', () => {
  it('belongs to the person paged; someone else is told how to take it over, and taking over is recorded', async () => {
    const { channel, n } = await declared('Database failover');
    await eventually(async () => expect(await texts(h, n, ['page'])).toHaveLength(1));
    const refused = await h.run(ANA, channel, 'ack');
    expect(refused).toContain(`You were not paged for INC-${n}: the latest page (On-call engineering) went to <@${BO}>`);
    expect(refused).toContain('`/incident ack --for @name`');
    expect((await h.s.incidents.load(h.team, n))?.incident.escalation?.pages[0]?.ackedBy).toBeUndefined();

    expect(await h.run(ANA, channel, `ack --for <@${BO}|bo>`)).toContain(`taking over from <@${BO}>`);
    expect(await texts(h, n, ['ack'])).toEqual([`Acknowledged by <@${ANA}> for On-call engineering, taking over from <@${BO}>`]);
    expect(await h.run(BO, channel, 'ack')).toContain(`Already acknowledged by <@${ANA}>`);
  });

  it('belongs to anyone in the paged user group', async () => {
    const { channel, n } = await declared('Replica lag');
    await eventually(async () => expect(await texts(h, n, ['page'])).toHaveLength(1));
    expect(await h.run(ANA, channel, 'escalate Database administrators')).not.toContain(':warning:');
    expect((await h.s.incidents.load(h.team, n))?.incident.escalation?.pages.at(-1)?.groups).toEqual(['S0DBA']);
    h.join(channel, EVE);
    expect(await h.run(EVE, channel, 'ack')).toContain('Acknowledged for *Database administrators*');
    expect(await texts(h, n, ['ack'])).toEqual([`Acknowledged by <@${EVE}> for Database administrators`]);
  });

  it('refuses a takeover from someone outside the channel and of a person who was not paged', async () => {
    const { channel, n } = await declared('DNS flapping');
    await eventually(async () => expect(await texts(h, n, ['page'])).toHaveLength(1));
    expect(await h.run(CY, channel, `ack --for <@${BO}>`)).toContain(`Only members of INC-${n}'s channel can take over a page.`);
    expect(await h.run(ANA, channel, `ack --for <@${CY}>`)).toContain(`<@${CY}> was not paged for INC-${n}.`);
    expect(await h.run(ANA, channel, 'ack --for')).toContain('Usage: `/incident ack [--for @person]`');
  });
});

describe('a private incident', () => {
  it('is in no list of someone outside it, and its commands are refused to her', async () => {
    const { channel, n } = await declared('Public one');
    const secret = await h.declare(ANA, 'sev1 Leaked signing keys');
    const m = await incidentOf(h, secret);
    await h.s.incidents.mutate(h.team, m, ({ incident }) => ({ change: { incident: { ...incident, private: true } }, result: undefined }));
    const list = await h.run(CY, h.general, 'list');
    expect(list).toContain(`INC-${n}`);
    expect(list).not.toContain('Leaked signing keys');
    expect(list).not.toContain(`INC-${m}*`);
    const hint = await h.run(CY, h.general, 'note where am I');
    expect(hint).toContain(`INC-${n}`);
    expect(hint).not.toContain('Leaked signing keys');
    expect(await h.run(CY, secret, 'export')).toBe(`:warning: INC-${m} is private; only the people in its channel can see it.`);
    expect(await h.run(ANA, h.general, 'list')).toContain('Leaked signing keys');
    // Nor do its action items show in everyone's list.
    expect(await h.run(ANA, secret, 'action add Rotate the signing keys')).toContain('Added');
    expect(await h.run(CY, h.general, 'actions all')).not.toContain(`INC-${m}`);
    expect(await h.run(ANA, h.general, 'actions all')).toContain('Rotate the signing keys');
    expect(channel).not.toBe(secret);
  });
});
