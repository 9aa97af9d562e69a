import type { InProgress } from '../util/in-progress.js';

export type Task = () => Promise<void>;

/**
 * Where work that the person who typed need not wait for goes (re-drawing the card, echoing in
 * the channel). A command passes one explicitly (see `collectAfterReply`); everywhere else
 * (jobs, buttons) nothing is passed and the work runs at once. The change itself is saved before
 * the reply either way.
 * Passed explicitly rather than through AsyncLocalStorage: on Node 20 that turns on promise
 * hooks for every promise in the process, measured at ~5% of a busy web process's CPU.
 */
export type AfterReply = (task: Task) => void;

/** Runs `task` after the reply when a command collects such work, else now. */
export async function afterReplyOrNow(after: AfterReply | undefined, task: Task): Promise<void> {
  if (after) after(task);
  else await task();
}

/**
 * Collects one command's work for after its reply; call `runDeferred` once the reply is out
 * (always, even with nothing deferred). Work deferred after that runs at once. `tracker` counts
 * the commands whose work is not done yet, for tests and graceful shutdown.
 */
export function collectAfterReply(tracker: InProgress, onError: (err: unknown) => void): { after: AfterReply; runDeferred: () => Promise<void> } {
  const tasks: Task[] = [];
  let drained = false;
  tracker.start();
  return {
    after: (task) => {
      if (drained) void task().catch(onError);
      else tasks.push(task);
    },
    runDeferred: async () => {
      try {
        // Tasks deferred while earlier ones run are picked up by the same loop.
        for (const task of tasks) await task().catch(onError);
      } finally {
        drained = true;
        tracker.end();
      }
    },
  };
}
