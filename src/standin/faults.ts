/** Faults a test queues for the next calls of one method, consumed one call at a time. */
export type Fault =
  | { kind: 'error'; error: string }
  | { kind: 'ratelimited'; retryAfterSec: number }
  | { kind: 'http'; status: number };

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
