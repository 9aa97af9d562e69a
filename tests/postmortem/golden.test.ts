import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, BO, CY, startHarness, type Harness } from '../support/harness.js';
import { danglingLinks, render } from './rendered.js';

/**
 * The reference postmortem (docs/reference/kimby-postmortem.md) replayed through signed
 * slash commands, as its team would have typed them on the evening of May 13, 2023 in Nairobi.
 * The uploaded draft must match tests/postmortem/golden/kimby.md section by section, and hold
 * every fact of the reference. `UPDATE_GOLDEN=1 npx vitest run tests/postmortem/golden.test.ts`
 * rewrites the golden file after an intended change; review its diff like code.
 */

const GOLDEN = fileURLToPath(new URL('./golden/kimby.md', import.meta.url));
const MINUTE = 60_000;

/** 7:05 PM EAT, when the team was alerted and declared the incident. */
let clock = Date.parse('2023-05-13T16:05:00Z');

let h: Harness;
let markdown = '';

function sections(md: string): Array<[string, string]> {
  return md.split(/^(?=## )/m).map((part) => [part.split('\n')[0] ?? '', part]);
}

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi', now: () => clock });
  const channel = await h.declare(ANA, 'sev2 Authentication failing for new customers');
  h.join(channel, BO, CY);
  // Everything else was written up after 9:00 PM, back-dated to when it happened.
  clock = Date.parse('2023-05-13T18:02:00Z');
  const say = async (user: string, text: string): Promise<void> => {
    const reply = await h.run(user, channel, text);
    if (/^:(warning|x):/.test(reply)) throw new Error(`/incident ${text} → ${reply}`);
    clock += MINUTE;
  };
  await say(ANA, 'time started 7:00 PM');
  await say(ANA, 'time detected 7:00 PM');
  await say(ANA, 'note 7:00 PM The problem was detected: users reported errors while trying to access the service, and the errors escalated.');
  await say(ANA, 'note 7:05 PM The engineering team and the database administrators were alerted and began looking at it.');
  await say(BO, 'note 7:30 PM No authentication was going through, even for authorized users. Checking the database system.');
  await say(BO, "note 7:45 PM The database wasn't communicating with the website; troubleshooting the high CPU usage.");
  await say(CY, 'note 8:20 PM The database server is at high CPU usage; no significant improvement so far.');
  await say(ANA, 'note 8:30 PM Escalated: the problem was transferred to the senior engineering team.');
  await say(CY, 'status identified 8:35 PM a recent configuration change caused a deadlock in the database, preventing user authentication');
  await say(CY, 'status monitoring 8:45 PM configuration change rolled back and database restarted');
  await say(ANA, 'note 8:50 PM Authentication restored; customers can continue with their purchases.');
  await say(ANA, 'status resolved 9:00 PM the issue is solved');
  await say(ANA, 'summary The authorization service of Kimby.com was down: users who keyed in their credentials got an error saying authentication failed, so purchases halted.');
  await say(ANA, 'impact around 65% of new customers and users could not log in; purchases halted');
  await say(CY, 'cause A configuration change caused a deadlock in the database: queries were blocked, so the database and the website could not interact and users could not be authenticated.');
  await say(CY, 'resolution The configuration change was rolled back, the database restarted and files updated on the admin side.');
  await say(ANA, `action add Continuous monitoring of the database <@${CY}> due 2023-05-27 preventive`);
  await say(ANA, `action add Review and test configuration changes before they ship <@${BO}> due 2023-05-20 corrective`);
  await say(ANA, `action add Review the database schema and queries <@${BO}> due 2023-06-03 preventive`);
  // 9:30 PM: closed; the clock stays put so the draft is generated at 9:30 PM too.
  clock = Date.parse('2023-05-13T18:30:00Z');
  expect(await h.run(ANA, channel, 'close')).toContain('INC-1 is closed.');
  const file = await h.standin.waitFor(() => [...h.standin.state.files.values()].find((f) => f.name === 'INC-1-postmortem.md' && f.completed), 15_000);
  markdown = file.content;
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, markdown);
});

afterAll(async () => {
  await h?.close();
});

describe('the postmortem of the reference incident', () => {
  it('matches the golden draft, section by section', () => {
    const expected = sections(readFileSync(GOLDEN, 'utf8'));
    const actual = sections(markdown);
    expect(actual.map(([title]) => title)).toEqual(expected.map(([title]) => title));
    for (const [i, [title, text]] of expected.entries()) expect(actual[i]?.[1], title).toBe(text);
  });

  it('holds every fact of the reference: window, date, duration, impact, cause, resolution and measures', () => {
    expect(markdown).toContain('# INC-1: Authentication failing for new customers');
    expect(markdown).toContain('Between 7:00 PM and 9:00 PM EAT on May 13, 2023 (2 hours), INC-1 was a SEV2 incident.');
    expect(markdown).toContain('around 65% of new customers and users could not log in; purchases halted');
    expect(markdown).toMatch(/### <a id="cause" name="cause"><\/a>Root cause\n\nA configuration change caused a deadlock in the database/);
    expect(markdown).toMatch(/### <a id="resolution" name="resolution"><\/a>Resolution\n\nThe configuration change was rolled back/);
    for (const measure of ['Continuous monitoring of the database', 'Review and test configuration changes before they ship', 'Review the database schema and queries']) {
      expect(markdown).toContain(`| ${measure} |`);
    }
    // The reference's timeline is ten lines of what happened; ours has those ten moments and keeps the bookkeeping for the appendix.
    const timeline = sections(markdown).find(([title]) => title === '## Timeline')?.[1] ?? '';
    for (const time of ['7:00 PM', '7:05 PM', '7:30 PM', '7:45 PM', '8:20 PM', '8:30 PM', '8:35 PM', '8:45 PM', '8:50 PM', '9:00 PM']) {
      expect(timeline).toContain(`· ${time} EAT · `);
    }
    expect(timeline).not.toMatch(/time set|recorded:|Action item A\d/);
    // The resolution is told in its section and summed up in the conclusion, not three times.
    expect(markdown.split('The configuration change was rolled back, the database restarted').length - 1).toBe(2);
    expect(markdown).toContain('In conclusion:');
  });

  it('renders with every citation a link that lands on its entry, and no backslash in sight', () => {
    const page = render(markdown);
    expect(page.fragments.length).toBeGreaterThan(30);
    expect(danglingLinks(page)).toEqual([]);
    expect(page.text).not.toMatch(/\\[!-/:-@[-`{-~]|&#?\w+;/);
  });

  it('is announced in the broadcast channel with a short message', async () => {
    const announced = await h.standin.waitFor(() => (h.standin.state.messages.get(h.broadcastId ?? '') ?? []).find((m) => m.text.includes('Postmortem draft v1')));
    expect(announced.text).toContain('INC-1 (Authentication failing for new customers) is closed, 2 hours.');
  });
});
