/** Faults a test queues for the next calls of one method, consumed one call at a time. */
export type Fault =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimited'; retryAfterSec: number }
  | { kind: 'http'; status: number }
  /**
   * Slack did the work but the answer never arrived in time: the method runs, then the answer is
   * held for `ms` (a caller with a timeout gives up; a worker killed meanwhile never hears it).
   */
  | { kind: 'slow'; ms: number }
  /** Slack did the work, then the answer was lost: the method runs and an HTTP error comes back. */
  | { kind: 'lost'; status: number };

export interface Faults {
  add(method: string, fault: Fault, times: number): void;
  /** The fault for this call, if one is queued. */
  take(method: string): Fault | undefined;
  clear(): void;
}

export function createFaults(): Faults {
  const queues = new Map<string, Fault[]>();
  return {
    add(method, fault, times) {
      const q = queues.get(method) ?? [];
      for (let i = 0; i < times; i++) q.push(fault);
      queues.set(method, q);
    },
    take(method) {
      return queues.get(method)?.shift();
    },
    clear() {
      queues.clear();
    },
  };
}
