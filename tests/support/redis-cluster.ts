import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './redis-server.js';

const run = promisify(execFile);

export interface ClusterNodeProcess {
  port: number;
  process: ChildProcess;
}

export interface LocalCluster {
  /** host:port of every node, for REDIS_CLUSTER_NODES. */
  nodes: string;
  servers: ClusterNodeProcess[];
  /** Ports of the nodes that are masters right now. */
  masters(): Promise<number[]>;
  /** Which master port holds which slot range, right now. */
  slotOwners(): Promise<{ from: number; to: number; port: number }[]>;
  /** The master holding a slot right now. */
  masterOf(slot: number): Promise<number>;
  /** Kills one node outright (SIGKILL), as a crashed host would. */
  kill(port: number): Promise<void>;
  /** Resolves once every live node reports cluster_state:ok and all slots are served by live masters. */
  waitHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), ...args], { timeout: 10_000 });
  return stdout;
}

function startNode(port: number, dir: string, fullCoverage: boolean): Promise<ClusterNodeProcess> {
  const child = spawn(
    'redis-server',
    [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--hz', '100',
      '--maxmemory-policy', 'noeviction', '--dir', dir,
      '--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`,
      // Short enough for a test to see a failover in a few seconds, long enough for a busy 2-core CI machine.
      '--cluster-node-timeout', '2000',
      '--cluster-require-full-coverage', fullCoverage ? 'yes' : 'no',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve({ port, process: child });
    });
    child.on('error', (err) => reject(new Error(`could not start redis-server (${err.message}); install redis-server`)));
    child.on('exit', (code) => reject(new Error(`redis-server exited with ${String(code)}: ${out}`)));
  });
}

/**
 * A local Redis Cluster on loopback ports: `masters` masters with `replicas` replicas each,
 * joined with `redis-cli --cluster create`, as an operator would.
 */
function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Ports whose cluster bus port (port + 10000) is free too. */
async function clusterPorts(n: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < n) {
    const p = await freePort();
    if (p + 10_000 <= 65_535 && !ports.includes(p) && (await isFree(p + 10_000))) ports.push(p);
  }
  return ports;
}

/** Starts the nodes; another process may take a chosen port first, so a failed start is retried on new ports. */
async function startNodes(n: number, dir: string, fullCoverage: boolean): Promise<ClusterNodeProcess[]> {
  for (let attempt = 1; ; attempt++) {
    const ports = await clusterPorts(n);
    const started = await Promise.allSettled(ports.map((p) => startNode(p, dir, fullCoverage)));
    const servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    if (servers.length === n) return servers;
    for (const s of servers) s.process.kill('SIGKILL');
    const failure = started.find((r) => r.status === 'rejected');
    if (attempt >= 3) throw failure?.reason instanceof Error ? failure.reason : new Error('could not start the cluster nodes');
  }
}

export async function startRedisCluster(opts: { masters?: number; replicas?: number; fullCoverage?: boolean } = {}): Promise<LocalCluster> {
  const masters = opts.masters ?? 3;
  const replicas = opts.replicas ?? 0;
  const dir = await mkdtemp(join(tmpdir(), 'warroom-cluster-'));
  const servers = await startNodes(masters * (1 + replicas), dir, opts.fullCoverage ?? true);
  const ports = servers.map((s) => s.port);
  await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', String(replicas), '--cluster-yes'], { timeout: 30_000 });

  const alive = (): ClusterNodeProcess[] => servers.filter((s) => s.process.exitCode === null && s.process.signalCode === null);

  async function slotOwnersFrom(port: number): Promise<{ from: number; to: number; port: number }[]> {
    const slots = await cli(port, '--json', 'CLUSTER', 'SLOTS');
    const parsed = JSON.parse(slots) as [number, number, [string, number, ...unknown[]], ...unknown[]][];
    return parsed.map(([from, to, master]) => ({ from, to, port: master[1] })).sort((a, b) => a.from - b.from);
  }

  async function slotOwners(): Promise<{ from: number; to: number; port: number }[]> {
    for (const s of alive()) {
      try {
        return await slotOwnersFrom(s.port);
      } catch {
        // try the next node
      }
    }
    throw new Error('no cluster node answers');
  }

  const cluster: LocalCluster = {
    nodes: ports.map((p) => `127.0.0.1:${p}`).join(','),
    servers,
    slotOwners,
    async masters() {
      return [...new Set((await slotOwners()).map((o) => o.port))];
    },
    async masterOf(slot) {
      const owner = (await slotOwners()).find((o) => slot >= o.from && slot <= o.to);
      if (!owner) throw new Error(`no master holds slot ${slot}`);
      return owner.port;
    },
    async kill(port) {
      const s = servers.find((x) => x.port === port);
      if (!s || s.process.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        s.process.once('exit', () => resolve());
        s.process.kill('SIGKILL');
      });
    },
    async waitHealthy(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        try {
          const states = await Promise.all(alive().map((s) => cli(s.port, 'CLUSTER', 'INFO')));
          // Every node must already see the same, complete slot map: a client may ask any of them.
          const views = await Promise.all(alive().map((s) => slotOwnersFrom(s.port)));
          const livePorts = new Set(alive().map((s) => s.port));
          const complete = (owners: { from: number; to: number; port: number }[]): boolean =>
            owners.reduce((n, o) => n + o.to - o.from + 1, 0) === 16384 && owners.every((o) => livePorts.has(o.port));
          const same = views.every((v) => JSON.stringify(v) === JSON.stringify(views[0]));
          if (states.every((i) => i.includes('cluster_state:ok')) && views.every(complete) && same) return;
        } catch {
          // a node is restarting or not answering yet
        }
        if (Date.now() > until) throw new Error('the local Redis Cluster did not become healthy in time');
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop() {
      await Promise.all(
        alive().map(
          (s) =>
            new Promise<void>((resolve) => {
              s.process.once('exit', () => resolve());
              s.process.kill('SIGTERM');
            }),
        ),
      );
      await rm(dir, { recursive: true, force: true });
    },
  };
  await cluster.waitHealthy();
  return cluster;
}
