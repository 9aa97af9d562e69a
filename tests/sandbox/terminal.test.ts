import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTerminal, type Terminal } from '../../src/runtime/sandbox-terminal.js';
import { startHarness, type Harness } from '../support/harness.js';
import { until } from '../actions/helpers.js';

/** The terminal sandbox as a new user drives it: a form, a button, a file, names not ids. */
let h: Harness;
let t: Terminal;
let out: string[] = [];
const said = (): string => out.join('\n');

beforeAll(async () => {
  h = await startHarness({ timeZone: 'Africa/Nairobi' });
  t = createTerminal(h.standin, h.general, {
    out: (l) => out.push(l),
    stateInfo: ['Redis: redis://example:6379/0', 'Slack stand-in workspace: .warroom/sandbox-slack.json'],
    botIdle: async () => void (await Promise.all([h.s.afterReplies.idle(), h.s.echo.idle()])),
  });
});
afterAll(async () => {
  await h.close();
});

async function type(line: string): Promise<string> {
  out = [];
  await t.handle(line);
  return said();
}

describe('the terminal sandbox', () => {
  it('shows the declare form on a bare `/incident`, and submits it', async () => {
    const form = await type('/incident');
    expect(form).toContain('[form] Declare an incident');
    expect(form).toContain('title: Title, text');
    expect(form).toContain('severity: Severity, one of sev1 | sev2 | sev3 | sev4');
    const submitted = await type('submit title="Login page blank" severity=sev2 impact="Nobody can sign in"');
    await until(async () => (await h.s.incidents.load(h.team, 1))?.incident.setup.complete, 10_000);
    expect((await h.s.incidents.load(h.team, 1))?.incident).toMatchObject({ title: 'Login page blank', severity: 'sev2', impact: 'Nobody can sign in' });
    // The announcement is shown with that command, or, if the bot was slower than the prompt, with the next one.
    const next = await type('/incident list');
    expect(`${submitted}\n${next}`).toMatch(/#incidents .*INC-1/);
    expect(next).toContain('#inc-1-login-page-blank');
  });

  it('lists incidents with channel names, not raw ids', async () => {
    const list = await type('/incident list');
    expect(list).toContain('#inc-1-login-page-blank');
    expect(list).not.toMatch(/<#|#C[A-Z0-9]{6,}/);
  });

  it('presses a button by its label, and prints the uploaded postmortem', async () => {
    await type('in inc-1');
    const asked = await type('/incident close');
    expect(asked).toContain('[Resolve and close INC-1]');
    await type('press Resolve and close INC-1');
    await h.standin.waitFor(() => [...h.standin.state.files.values()].some((f) => f.completed), 15_000);
    expect(await type('files')).toMatch(/^1\. .*INC-1/m);
    const file = await type('file 1');
    expect(file).toContain('Login page blank');
    expect(file.split('\n').length).toBeGreaterThan(5);
  });

  it('says where its state lives', async () => {
    expect(await type('where')).toContain('Redis: redis://example:6379/0');
  });

  it('refuses a button nobody can see, naming where it looked', async () => {
    await expect(t.handle('press Launch rockets')).rejects.toThrow(/no button "Launch rockets"/);
  });
});
