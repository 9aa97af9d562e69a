import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Redis } from 'ioredis';

const LOCAL_DEFAULT = 'redis://127.0.0.1:6379';

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 800, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

/**
 * For `npm start` on a laptop: when REDIS_URL is the local default and nothing answers,
 * start a private redis-server keeping its data under .warroom/ so a restart keeps what you tried.
 */
export async function ensureLocalRedis(url: string, log: (line: string) => void): Promise<void> {
  if (await answers(url)) return;
  if (url !== LOCAL_DEFAULT) throw new Error(`Redis at ${url} does not answer. Start it, or unset REDIS_URL to let warroom start a local one.`);
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('Redis is not running and redis-server is not installed: install it with `sudo apt-get install redis-server` (or `brew install redis`), then run npm start again.');
  }
  const dir = resolve('.warroom');
  mkdirSync(dir, { recursive: true });
  const child = spawn('redis-server', ['--port', '6379', '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', '60 1', '--hz', '100'], {
    stdio: 'ignore',
    detached: false,
  });
  child.unref();
  process.once('exit', () => child.kill());
  for (let i = 0; i < 50; i++) {
    if (await answers(url)) {
      log(`Started a private redis-server on 127.0.0.1:6379 with its data in ${dir}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('Started redis-server but it did not answer within 5 s.');
}
