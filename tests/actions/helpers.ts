import type { MessageRecord, Standin } from '../../src/standin/index.js';
import { ActionId } from '../../src/slack/views/ids.js';

/** A clock the test can move: starts at real time, `set(iso)` jumps it, and it keeps ticking from there. */
export function movableClock() {
  let offset = 0;
  return {
    now: (): number => Date.now() + offset,
    set(at: number): void {
      offset = at - Date.now();
    },
  };
}

export function dmMessages(standin: Standin, user: string): MessageRecord[] {
  const channel = standin.state.dms.get(user);
  return channel ? standin.state.messagesIn(channel) : [];
}

export function hasButton(m: MessageRecord, actionId: string = ActionId.actionItemDone): boolean {
  return JSON.stringify(m.blocks ?? []).includes(`"${actionId}"`);
}

/** Reminder DMs about one item (`A12`), as sent or as replaced after a button press. */
export function reminderDms(standin: Standin, user: string, label: string): MessageRecord[] {
  return dmMessages(standin, user).filter((m) => m.text.startsWith(`${label}:`));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls an async condition (Redis, BullMQ) until it holds. */
export async function until<T>(fn: () => Promise<T | undefined | false | null>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() >= deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(25);
  }
}
