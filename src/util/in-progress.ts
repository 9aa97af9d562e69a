/** Counts work in progress and lets a caller wait until none is left (tests, graceful shutdown). */
export interface InProgress {
  start(): void;
  end(): void;
  idle(): Promise<void>;
}

export function inProgress(): InProgress {
  let running = 0;
  const waiters: (() => void)[] = [];
  return {
    start: () => {
      running++;
    },
    end: () => {
      if (--running === 0) for (const w of waiters.splice(0)) w();
    },
    idle: () => (running === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
