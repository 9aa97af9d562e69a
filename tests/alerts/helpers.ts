import type { Harness } from '../support/harness.js';
import type { TimelineEntry } from '../../src/domain/timeline.js';

export const BEARER = 'am-token-0123456789abcdef';

/** Every incident of the harness's workspace, newest last. */
export async function incidents(h: Harness) {
  const max = Number((await h.s.redis.get(`{wr:${h.team}}:seq:incident`)) ?? 0);
  return h.s.incidents.loadMany(h.team, Array.from({ length: max }, (_, i) => i + 1));
}

export async function alertEntries(h: Harness, n: number): Promise<TimelineEntry[]> {
  return (await h.s.incidents.timelineAll(h.team, n)).filter((e) => e.kind === 'alert');
}

export function post(h: Harness, route: string, body: unknown, auth?: string): Promise<Response> {
  return fetch(`${h.appUrl}/alerts/${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: auth } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** Polls until `check` stops throwing (alert processing runs in the worker, after the 202). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The pinned card's text (blocks flattened), for what a responder sees. */
export function cardText(h: Harness, channel: string): string {
  const pinned = new Set(h.standin.state.pinsIn(channel).map((p) => p.ts));
  const card = h.standin.state.messagesIn(channel).find((m) => pinned.has(m.ts));
  return JSON.stringify(card?.blocks ?? []);
}
