import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANA, startHarness, type Harness } from '../support/harness.js';
import { startRedisServer } from '../support/redis-server.js';

let h: Harness;
let redis: Awaited<ReturnType<typeof startRedisServer>>;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({ redisUrl: redis.url, workers: false });
});
afterAll(async () => {
  await h.close();
  await redis.stop();
});

describe('when Redis goes away', () => {
  it('says plainly that nothing was saved, and /healthz turns 503 so the load balancer stops sending traffic', async () => {
    const channel = await h.declare(ANA, 'sev3 queue backlog');
    await redis.stop();
    const reply = await h.run(ANA, channel, 'note restarted consumers');
    expect(reply).toContain('Not saved');
    const health = await fetch(`${h.appUrl}/healthz`);
    expect(health.status).toBe(503);
  });
});
