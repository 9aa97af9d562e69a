import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Ports, type TargetConfig, ToParent, type ToTarget, type Usage } from './target-protocol.js';

export interface TargetProcess {
  ports: Ports;
  pid: number;
  /** CPU time and memory of the target process so far, and its event-loop delay since the last reset. */
  usage(resetLoopDelay?: boolean): Promise<Usage>;
  stop(): Promise<void>;
}

/**
 * Forks bench/target.ts. With BENCH_PROFILE=1 the child runs under --cpu-prof and writes
 * a .cpuprofile into bench/profiles/ when stopped (open it in Chrome DevTools → Performance).
 */
export async function startTarget(cfg: TargetConfig): Promise<TargetProcess> {
  const profileDir = fileURLToPath(new URL('./profiles/', import.meta.url));
  const profiling = process.env.BENCH_PROFILE === '1';
  if (profiling) mkdirSync(profileDir, { recursive: true });
  const child: ChildProcess = fork(fileURLToPath(new URL('./target.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx', ...(profiling ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: { ...process.env, BENCH_TARGET: JSON.stringify(cfg), NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, (u: Usage) => void>();
  let nextId = 0;
  const ports = await new Promise<Ports>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench target exited with ${String(code)} before it was ready`)));
    child.on('message', (raw) => {
      const m = ToParent.parse(raw);
      if (m.type === 'ready') resolve(m.ports);
      else if (m.type === 'failed') reject(new Error(`bench target failed to start: ${m.message}`));
      else pending.get(m.id)?.(m);
    });
  });
  const post = (m: ToTarget): void => {
    child.send(m);
  };
  return {
    ports,
    pid: child.pid ?? 0,
    usage: (resetLoopDelay = false) =>
      new Promise<Usage>((resolve) => {
        const id = ++nextId;
        pending.set(id, (u) => {
          pending.delete(id);
          resolve(u);
        });
        post({ type: 'usage', id, resetLoopDelay });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        post({ type: 'stop' });
      }),
  };
}
