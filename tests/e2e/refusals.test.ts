import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionItemStoreFor } from '../../src/store/action-items.js';
import { ANA, BO, CY, clockFrom, startHarness, type Harness } from '../support/harness.js';

/**
 * The hurried responder's mistakes, sent as Slack sends them (signed, through the stand-in):
 * each is refused with the reason and the usage, and neither Redis nor Slack shows anything new.
 */
let h: Harness;
let channel: string;
let n: number;

// 06:30 EAT on Saturday, May 13, 2023 in Nairobi (UTC+3).
beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: clockFrom('2023-05-13T03:30:00Z') });
  channel = await h.declare(ANA, 'sev2 Checkout failing');
  h.join(channel, BO, CY);
  n = (await h.s.incidents.findByChannel(h.team, channel)) ?? 0;
});
afterAll(async () => {
  await h.close();
});

/** Everything a refusal must leave untouched: the timeline, the action items, the channels and every message. */
async function footprint() {
  return {
    timeline: (await h.s.incidents.timelineAll(h.team, n)).length,
    items: (await actionItemStoreFor(h.s.redis).listForIncident(h.team, n)).length,
    incident: JSON.stringify((await h.s.incidents.load(h.team, n))?.incident),
    incidents: await h.s.incidents.openNumbers(h.team),
    channels: h.standin.state.channels.size,
    posted: h.standin.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update').length,
  };
}

async function expectRefused(text: string, reason: RegExp | string, usage: string, where = channel, who = BO): Promise<string> {
  const before = await footprint();
  const reply = await h.run(who, where, text);
  expect(reply).toMatch(/^:warning: /);
  if (typeof reason === 'string') expect(reply).toContain(reason);
  else expect(reply).toMatch(reason);
  // Usage text reaches Slack escaped, like everything else (`<text>` would be read as a link).
  expect(reply).toContain(`Usage: \`/incident ${usage.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`);
  expect(await footprint()).toEqual(before);
  return reply;
}

describe('action items: an owner or due date that cannot be read is refused', () => {
  it.each([
    ['action add Patch kernel @bo due asap', '@bo is not a person in this workspace'],
    ['action add Patch kernel @dave', '@dave is not a person in this workspace'],
    [`action add Patch kernel <@${CY}|cy> <@${BO}|bo>`, 'An action item has one owner'],
    [`action add Patch kernel <@${BO}|bo> due asap`, `couldn't read "asap" after "due" as a date`],
    [`action add Patch kernel <@${BO}|bo> due end of week`, `couldn't read "end of week" after "due"`],
    ['action add Patch kernel due someday soon', `couldn't read "someday soon" after "due"`],
    ['action add Patch kernel due eow', `couldn't read "eow" after "due"`],
  ])('%s', async (text, reason) => {
    await expectRefused(text, reason, 'action add <text> [<@owner>] [due <date>]');
  });

  it('still saves a well-formed item, and "due to" stays text', async () => {
    const reply = await h.run(BO, channel, `action add Patch kernel: outage was due to CVE <@${CY}|cy> due tomorrow`);
    expect(reply).toContain('Patch kernel: outage was due to CVE');
    expect(reply).toContain(`<@${CY}> · due Sun, May 14, 2023`);
  });
});

describe('roles: one person per role, and nobody dropped', () => {
  it.each([
    [`role commander <@${BO}|bo> <@${CY}|cy>`, 'A role goes to one person, and this names <@U0BO> and <@U0CY>'],
    [`role scribe <@${BO}|bo> @dave`, '@dave is not a person in this workspace'],
  ])('%s', async (text, reason) => {
    await expectRefused(text, reason, 'role <commander|comms|scribe> <@user>', channel, ANA);
  });

  it('`role @bo scribe`, the person named first, gives the role as asked', async () => {
    expect(await h.run(ANA, channel, `role <@${BO}|bo> scribe`)).toBe(`:white_check_mark: <@${BO}> is now Scribe.`);
    expect((await h.s.incidents.load(h.team, n))?.incident.roles.scribe).toBe(BO);
  });
});

describe('severity spellings', () => {
  it.each(['sev0', 'sev5', 'SEV-9'])('`declare %s Everything down` is refused with the valid ones', async (word) => {
    const reply = await expectRefused(`declare ${word} Everything down`, `\`${word}\` is not a severity. Use one of \`SEV1\`…\`SEV4\`, also written \`sev-1\`, \`S1\` or \`P1\``, 'declare ', h.general);
    expect(reply).not.toContain('Declared');
  });

  it.each([['P1', 'SEV1'], ['sev-2', 'SEV2'], ['S4', 'SEV4']])('`declare %s …` declares a %s', async (word, label) => {
    expect(await h.run(CY, h.general, `declare ${word} Search slow ${word}`)).toContain(`(${label}): Search slow ${word}`);
  });

  it('`severity sev0` is refused too, and the help says which spellings work', async () => {
    // The commander may change the severity, so the refusal is about the word, not who typed it.
    await expectRefused('severity sev0', '`sev0` is not a severity', 'severity ', channel, ANA);
    expect(await h.run(BO, channel, 'help')).toContain('also written `sev-1`, `S1` or `P1`');
  });
});

describe('back-dated times that would contradict each other are refused', () => {
  it('impact started 5:15 AM, then "identified 5:10 AM" is refused naming impact started and how to fix it', async () => {
    expect(await h.run(ANA, channel, 'time started 5:15 AM')).toContain('Impact started: May 13, 2023 5:15 AM EAT');
    const reply = await expectRefused('status identified 5:10 AM', 'Cause identified at 5:10 AM EAT would be before impact started (5:15 AM EAT)', 'status ');
    expect(reply).toContain('`/incident time started &lt;time&gt;`');
  });

  it('after Monitoring at 5:16 AM, "resolved 5:14 AM" is refused naming the Monitoring change', async () => {
    await h.run(ANA, channel, 'status monitoring 5:16 AM rolled back');
    const reply = await expectRefused('status resolved 5:14 AM', 'Resolved at 5:14 AM EAT would be before the last status change, to Monitoring at 5:16 AM EAT', 'status ');
    expect(reply).toContain('`/incident time mitigated &lt;time&gt;`');
  });

  it('a key time set out of order is refused the same way', async () => {
    await expectRefused('time detected 5:20 AM', 'Detected at 5:20 AM EAT would be after mitigated (5:16 AM EAT)', 'time ');
  });

  it('correcting mitigated moves the Monitoring change, and then resolved 5:14 AM is accepted', async () => {
    expect(await h.run(ANA, channel, 'time started 5:00 AM')).toContain('Impact started: May 13, 2023 5:00 AM EAT');
    expect(await h.run(ANA, channel, 'time mitigated 5:12 AM')).toContain('Mitigated: May 13, 2023 5:12 AM EAT');
    expect(await h.run(ANA, channel, 'status resolved 5:14 AM')).toContain('Status is now *Resolved*');
  });
});

describe('natural times', () => {
  let other: string;
  let m: number;
  beforeAll(async () => {
    other = await h.declare(CY, 'sev3 Slow search');
    h.join(other, ANA, BO);
    m = (await h.s.incidents.findByChannel(h.team, other)) ?? 0;
  });

  it('`note yesterday 17:05 restarted pods` is saved at yesterday 17:05, without the time in its text', async () => {
    expect(await h.run(CY, other, 'note yesterday 17:05 restarted pods')).toContain('Saved to the timeline at 5:05 PM EAT');
    const notes = (await h.s.incidents.timelineAll(h.team, m)).filter((e) => e.kind === 'note');
    expect(notes.at(-1)).toMatchObject({ text: 'restarted pods', at: Date.parse('2023-05-12T14:05:00Z') });
  });

  it('`note 10 min ago …` is saved ten minutes back', async () => {
    const sent = h.s.now();
    await h.run(CY, other, 'note 10 min ago paged DBAs');
    const note = (await h.s.incidents.timelineAll(h.team, m)).find((e) => e.text === 'paged DBAs');
    expect(Math.round(((note?.at ?? 0) - sent) / 60_000)).toBe(-10);
  });

  it('a leading phrase that looks like a time but cannot be read is refused, not saved as text', async () => {
    const before = (await h.s.incidents.timelineAll(h.team, m)).length;
    const reply = await h.run(CY, other, 'note yesterday 25:00 restarted pods');
    expect(reply).toContain('needs a time of day');
    expect(reply).toContain('Usage: `/incident note');
    expect((await h.s.incidents.timelineAll(h.team, m)).length).toBe(before);
  });
});

describe('replies a person can read', () => {
  it('a mistyped subcommand gets "Did you mean" with that command\'s usage, not the whole help', async () => {
    const before = await footprint();
    const reply = await h.run(BO, channel, 'nite restarted pods');
    expect(reply).toContain('`nite` is not a warroom command. Did you mean `note`?');
    expect(reply).toContain('Usage: `/incident note');
    expect(reply).not.toContain('*warroom commands*');
    expect(await footprint()).toEqual(before);
  });

  it.each([
    ['status resolvd', '`resolvd` is not a status. Did you mean `resolved`?', 'status '],
    ['time mitigatd 5:00 AM', '`mitigatd` is not a key time. Did you mean `mitigated`?', 'time '],
    ['action ad Patch kernel', '`ad` is not an action command. Did you mean `add`?', 'action add '],
  ])('`%s` suggests the closest word', async (text, reason, usage) => {
    await expectRefused(text, reason, usage);
  });

  it('something not close to any command gets the whole help', async () => {
    expect(await h.run(BO, channel, 'xyzzy')).toContain('*warroom commands*');
  });

  it('`escalate @dave db down` says @dave is not a person in this workspace', async () => {
    const reply = await expectRefused('escalate @dave db down', '@dave is not a person in this workspace', 'escalate ');
    expect(reply).not.toContain('escalation policy');
  });
});

describe('a note on a closed incident', () => {
  it('is saved, and the reply says the incident is closed and how to redraft', async () => {
    const ch = await h.declare(ANA, 'sev4 Typo on the status page');
    await h.run(ANA, ch, 'status resolved');
    await h.run(ANA, ch, 'close');
    const k = (await h.s.incidents.findByChannel(h.team, ch)) ?? 0;
    const reply = await h.run(ANA, ch, 'note fixed the typo in the footer too');
    expect(reply).toContain(`INC-${k} is closed; \`/incident postmortem\` drafts it again with this note.`);
    expect((await h.s.incidents.timelineAll(h.team, k)).some((e) => e.text === 'fixed the typo in the footer too')).toBe(true);
  });
});
