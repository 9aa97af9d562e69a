import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { resetSandbox, SANDBOX_TEAM, whereStateLives } from '../../src/runtime/sandbox-reset.js';
import { keys } from '../../src/store/keys.js';
import { testRedisUrl } from '../support/harness.js';

const url = testRedisUrl();
const redis = new Redis(url);
afterAll(async () => {
  await redis.quit();
});

describe('npm run sandbox -- --reset', () => {
  it('forgets the sandbox workspace (its Redis keys and its saved Slack) and nothing else', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wr-sb-')), 'sandbox-slack.json');
    writeFileSync(file, '{}');
    await redis.set(keys.incidentSeq(SANDBOX_TEAM), '3');
    await redis.hset(keys.incident(SANDBOX_TEAM, 1), 'json', '{}');
    await redis.set(keys.incidentSeq('T0OTHER'), '7');
    const said = await resetSandbox(url, file);
    expect(said[0]).toContain('deleted 2 sandbox keys');
    expect(await redis.exists(keys.incidentSeq(SANDBOX_TEAM), keys.incident(SANDBOX_TEAM, 1))).toBe(0);
    expect(await redis.get(keys.incidentSeq('T0OTHER'))).toBe('7');
    expect(existsSync(file)).toBe(false);
  });

  // Each fresh sandbox workspace gets an id of its own (T0WR + random), kept in the saved file.
  it('forgets the workspace the person actually used, named in the saved file, not a fixed one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'wr-sb-')), 'sandbox-slack.json');
    writeFileSync(file, JSON.stringify({ teamId: 'T0WR1234ABCD' }));
    await redis.set(keys.incidentSeq('T0WR1234ABCD'), '4');
    await redis.hset(keys.incident('T0WR1234ABCD', 4), 'json', '{}');
    // A page still queued for it, in its own job queues.
    await redis.set('{wr-sandbox-t0wr1234abcd}:paging:id', '9');
    await redis.set(keys.incidentSeq('T0OTHER'), '7');
    const said = await resetSandbox(url, file);
    expect(said[0]).toContain('deleted 3 sandbox keys');
    expect(await redis.exists('{wr-sandbox-t0wr1234abcd}:paging:id')).toBe(0);
    expect(await redis.exists(keys.incidentSeq('T0WR1234ABCD'), keys.incident('T0WR1234ABCD', 4))).toBe(0);
    expect(await redis.get(keys.incidentSeq('T0OTHER'))).toBe('7');
    expect(existsSync(file)).toBe(false);
  });

  it('says where the state lives, under the workspace\'s own keys, and how to start over', () => {
    const lines = whereStateLives('redis://127.0.0.1:6379', '/x/.warroom/sandbox-slack.json', 'T0WR1234ABCD').join('\n');
    expect(lines).toContain('Redis at redis://127.0.0.1:6379');
    expect(lines).toContain('(keys {wr:T0WR1234ABCD}:*)');
    expect(lines).toContain('/x/.warroom/sandbox-slack.json');
    expect(lines).toContain('npm run sandbox -- --reset');
  });
});
