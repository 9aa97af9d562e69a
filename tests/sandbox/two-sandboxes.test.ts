import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../src/runtime/sandbox.js';
import { testRedisUrl } from '../support/harness.js';

/**
 * Two people on one machine (or one person with two clones) run `npm start`; both sandboxes use
 * the Redis on 6379. Each is a workspace of its own, and so must be its jobs: when they shared
 * the job queues, the second sandbox's worker picked up the first one's pages, found no such
 * channel in its own pretend Slack, and the page was lost with a stack trace in the terminal.
 */
const sandboxes: Sandbox[] = [];
const dirs: string[] = [];
const INCIDENTS = 6;

async function start(): Promise<Sandbox> {
  const dir = mkdtempSync(join(tmpdir(), 'warroom-two-'));
  dirs.push(dir);
  // Only REDIS_URL, as `npm start` on a fresh clone: JOB_TAG is the default in both.
  const sandbox = await startSandbox(loadConfig({ REDIS_URL: testRedisUrl() }), { port: 0, host: '127.0.0.1', stateDir: dir, logLevel: 'error' });
  sandboxes.push(sandbox);
  return sandbox;
}

beforeAll(async () => {
  await start();
  await start();
}, 60_000);
afterAll(async () => {
  for (const s of sandboxes) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two sandboxes on one Redis', () => {
  it('each delivers its own pages, and neither runs the other\'s jobs', async () => {
    const [first, second] = sandboxes as [Sandbox, Sandbox];
    expect(first.standin.state.identity.teamId).not.toBe(second.standin.state.identity.teamId);
    // The sandbox's on-call policy pages @bo at once for every incident.
    for (let i = 1; i <= INCIDENTS; i++) {
      const sent = await first.standin.sendCommand({ user: 'U0ANA', channel: first.general(), text: `declare sev2 Outage number ${i}` });
      expect(sent.status).toBe(200);
    }
    const pagesToBo = (s: Sandbox): number => {
      const dm = s.standin.state.dms.get('U0BO');
      return dm ? s.standin.state.messagesIn(dm).filter((m) => /^Paged for INC-\d+/.test(m.text)).length : 0;
    };
    await first.standin.waitFor(() => pagesToBo(first) === INCIDENTS || undefined, 20_000).catch(() => undefined);
    expect(pagesToBo(first)).toBe(INCIDENTS);
    expect(second.standin.calls.filter((c) => !c.ok)).toEqual([]);
  }, 60_000);
});
