import { spawn, type ChildProcess } from 'node:child_process';

/**
 * The real warroom process (`tsx src/runtime/main.ts <mode>`), as deployed: for tests that
 * signal or kill it. Its output is kept for the test to read.
 */
export interface Spawned {
  child: ChildProcess;
  out: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

export function spawnWarroom(mode: 'web' | 'worker' | 'sandbox-or-bot', env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/runtime/main.ts', mode], {
    env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: string[] = [];
  child.stdout?.on('data', (b: Buffer) => out.push(b.toString()));
  child.stderr?.on('data', (b: Buffer) => out.push(b.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return { child, out, exited };
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Resolves once the process logged its "ready" line (web: listening too). */
export function whenReady(p: Spawned, timeoutMs = 60_000): Promise<void> {
  return until(() => p.out.join('').includes('"msg":"ready"'), timeoutMs, 'the process to be ready');
}

export async function kill(p: Spawned, signal: NodeJS.Signals): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  p.child.kill(signal);
  await p.exited;
}
