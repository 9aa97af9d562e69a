import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { withSandboxZone, startSandbox, type Sandbox } from '../../src/runtime/sandbox.js';
import { createTerminal, type Terminal } from '../../src/runtime/sandbox-terminal.js';
import { testRedisUrl } from '../support/harness.js';

/**
 * A new user runs `npm start` with no settings at all. The page shows them as @ana in Nairobi,
 * every message stamped with Nairobi's clock, so the time they type for a note is a Nairobi time.
 * The bot must read it in that zone: with the production default (UTC), "2:05 AM" typed at
 * 3:12 AM on the page was refused as two hours in the future, and "10 min ago" was confirmed
 * as "12:01 AM UTC", a time the page shows nowhere.
 */
let sandbox: Sandbox;
let stateDir: string;
let t: Terminal;
let out: string[] = [];

async function type(line: string): Promise<string> {
  out = [];
  await t.handle(line);
  return out.join('\n');
}

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'warroom-sandbox-tz-'));
  // Only Redis's address is set, as for someone who cloned the repository and ran `npm start`.
  const env = { REDIS_URL: testRedisUrl() };
  sandbox = await startSandbox(withSandboxZone(loadConfig(env), env), { port: 0, host: '127.0.0.1', stateDir, logLevel: 'error' });
  t = createTerminal(sandbox.standin, sandbox.general(), { out: (l) => out.push(l), stateInfo: [], botIdle: () => sandbox.botIdle() });
}, 30_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the sandbox with no settings', () => {
  it('reads and shows times in the zone the page shows @ana in (Nairobi, EAT)', async () => {
    expect(await type('/incident declare sev2 Checkout failing')).toContain('Declared INC-1');
    await type('in inc-1');
    expect(await type('/incident note 10 min ago DBAs paged')).toMatch(/Saved to the timeline at \d{1,2}:\d{2} [AP]M EAT/);
  });

  it('still uses a zone set in the environment', () => {
    const env = { REDIS_URL: testRedisUrl(), DEFAULT_TIMEZONE: 'America/New_York' };
    expect(withSandboxZone(loadConfig(env), env).DEFAULT_TIMEZONE).toBe('America/New_York');
  });
});
