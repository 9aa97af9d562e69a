import type { Services } from './context.js';
import { inProgress } from './in-progress.js';

export type Task = () => Promise<void>;

/**
 * Work that the person who typed need not wait for (re-drawing the card, echoing in the
 * channel) runs after their reply is sent. A command runs with services that carry a `defer`
 * (see `deferring`), and `afterReply` queues the work there; everywhere else (jobs, buttons)
 * it runs at once. The change itself is saved before the reply either way.
 * Passed explicitly rather than through AsyncLocalStorage: on Node 20 that turns on promise
 * hooks for every promise in the process, measured at ~5% of a busy web process's CPU.
 */
const commands = inProgress();

export async function afterReply(s: Services, task: Task): Promise<void> {
  if (s.defer) s.defer(task);
  else await task();
}

/**
 * Services for one command whose deferred work is collected; call `runDeferred` once the
 * reply is out (always, even with nothing deferred). Work deferred after that runs at once.
 */
export function deferring(s: Services, onError: (err: unknown) => void): { services: Services; runDeferred: () => Promise<void> } {
  const tasks: Task[] = [];
  let drained = false;
  commands.start();
  const defer = (task: Task): void => {
    if (drained) void task().catch(onError);
    else tasks.push(task);
  };
  return {
    services: { ...s, defer },
    runDeferred: async () => {
      try {
        // Tasks deferred while earlier ones run are picked up by the same loop.
        for (const task of tasks) await task().catch(onError);
      } finally {
        drained = true;
        commands.end();
      }
    },
  };
}

/** Resolves when no command of this process has work left after its reply (tests, graceful shutdown). */
export function whenIdle(): Promise<void> {
  return commands.idle();
}
