import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createQueues, QueueName } from '../../src/jobs/queues.js';
import { createLogger } from '../../src/telemetry/log.js';

/** A port where nothing listens: connections to it are refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('queues when Redis cannot be reached', () => {
  it('say so in the logs instead of failing silently', async () => {
    const lines: string[] = [];
    const queues = createQueues({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, JOB_TAG: 'wr-jobs' }, createLogger('warn', {}, (l) => lines.push(l)));
    queues.get(QueueName.timers, 'T0QUEUES');
    for (let i = 0; i < 100 && !lines.some((l) => l.includes('queue connection error')); i++) await new Promise((r) => setTimeout(r, 20));
    await queues.close().catch(() => undefined);
    const logged = lines.map((l) => JSON.parse(l) as { msg: string; queue?: string });
    expect(logged.some((l) => l.msg === 'queue connection error')).toBe(true);
  });
});
