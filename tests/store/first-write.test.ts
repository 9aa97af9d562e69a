import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { testRedisUrl } from '../support/harness.js';

const run = promisify(execFile);
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('a web process under concurrent traffic', () => {
  it('survives its first write landing in the same tick as a read (scripts are defined at connect)', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture('first-write.ts'), testRedisUrl()], { timeout: 15_000 });
    expect(JSON.parse(stdout)).toEqual({ read: null, written: { ok: true, version: 1 } });
  });

  it('logs a throw in a callback and an unawaited rejection, and keeps answering', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', fixture('guarded-process.ts')], { timeout: 15_000 });
    expect(stdout).toContain('uncaught exception (the process keeps running)');
    expect(stdout).toContain('unhandled rejection (the process keeps running)');
    expect(stdout).toContain('still answering');
  });
});
