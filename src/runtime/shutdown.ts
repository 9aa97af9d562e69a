import type { Logger } from '../telemetry/log.js';

/**
 * Graceful shutdown in a fixed budget: each step gets what is left of SHUTDOWN_BUDGET_MS (and
 * at most its own cap), so a stuck step cannot eat the others' time, and the process exits
 * well inside the 10 s an orchestrator (Kubernetes, Heroku, systemd) waits before SIGKILL.
 */
export const SHUTDOWN_BUDGET_MS = 9_000;

export interface Step {
  name: string;
  /** Most this step may take; it is also cut to what is left of the budget. */
  capMs: number;
  run(deadlineMs: number): Promise<void>;
}

export interface Outcome {
  ms: number;
  /** Steps cut off by their deadline or failed. */
  incomplete: string[];
}

export async function runShutdown(steps: readonly Step[], log: Logger, budgetMs = SHUTDOWN_BUDGET_MS): Promise<Outcome> {
  const started = Date.now();
  const incomplete: string[] = [];
  for (const step of steps) {
    const left = budgetMs - (Date.now() - started);
    const deadline = Math.max(0, Math.min(step.capMs, left));
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), deadline);
    });
    try {
      const result = await Promise.race([step.run(deadline).then(() => 'done' as const), timedOut]);
      if (result === 'timeout') {
        incomplete.push(step.name);
        log.warn('shutdown step did not finish in time', { step: step.name, ms: deadline });
      }
    } catch (err) {
      incomplete.push(step.name);
      log.warn('shutdown step failed', { step: step.name, err });
    } finally {
      clearTimeout(timer);
    }
  }
  return { ms: Date.now() - started, incomplete };
}
