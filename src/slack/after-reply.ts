import { AsyncLocalStorage } from 'node:async_hooks';

type Task = () => Promise<void>;

/**
 * Work that the person who typed need not wait for (re-drawing the card, echoing in the
 * channel) runs after their reply is sent. Inside a command, `afterReply` queues it; outside
 * (jobs, buttons) it runs at once. The change itself is saved before the reply either way.
 */
const queue = new AsyncLocalStorage<Task[]>();
let running = 0;
let idleWaiters: (() => void)[] = [];

export async function afterReply(task: Task): Promise<void> {
  const tasks = queue.getStore();
  if (tasks) tasks.push(task);
  else await task();
}

/** Runs `fn`, collecting what it deferred; call `runDeferred` with the tasks once the reply is out. */
export async function collectingAfterReply<T>(fn: () => Promise<T>): Promise<{ value: T; tasks: Task[] }> {
  const tasks: Task[] = [];
  running++;
  try {
    const value = await queue.run(tasks, fn);
    return { value, tasks };
  } catch (err) {
    done();
    throw err;
  }
}

export async function runDeferred(tasks: Task[], onError: (err: unknown) => void): Promise<void> {
  try {
    for (const task of tasks) await task().catch(onError);
  } finally {
    done();
  }
}

function done(): void {
  running--;
  if (running === 0) {
    const waiters = idleWaiters;
    idleWaiters = [];
    for (const w of waiters) w();
  }
}

/** Resolves when no command of this process has work left after its reply (tests, graceful shutdown). */
export function whenIdle(): Promise<void> {
  return running === 0 ? Promise.resolve() : new Promise((resolve) => idleWaiters.push(resolve));
}
