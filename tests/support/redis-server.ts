import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    redisUrl: string;
    /** host:port list when the suite runs against a Redis Cluster (`npm run test:cluster`), else ''. */
    clusterNodes: string;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a private redis-server; resolves once it accepts connections. */
export async function startRedisServer(port?: number): Promise<{ url: string; port: number; process: ChildProcess; stop: () => Promise<void> }> {
  const p = port ?? (await freePort());
  const child = spawn(
    'redis-server',
    ['--port', String(p), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100', '--maxmemory-policy', 'noeviction'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    };
    child.stdout?.on('data', onData);
    child.on('error', (err) =>
      reject(new Error(`could not start redis-server (${err.message}). The tests run their own Redis: install it with "sudo apt-get install redis-server" (or "brew install redis").`)),
    );
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${out}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  };
  return { url: `redis://127.0.0.1:${p}`, port: p, process: child, stop };
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startRedisServer();
  project.provide('redisUrl', server.url);
  project.provide('clusterNodes', '');
  return server.stop;
}
