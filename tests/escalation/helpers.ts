import { vi } from 'vitest';
import type { TimelineEntry } from '../../src/domain/timeline.js';
import type { Standin } from '../../src/standin/index.js';
import type { MessageRecord } from '../../src/standin/types.js';
import type { Harness } from '../support/harness.js';

/** Milliseconds as the fractional minutes the config file takes, so tests can wait hundreds of ms. */
export const ms = (n: number): number => n / 60_000;

export function perSeverity(sev1: number, sev2: number, sev3: number, sev4: number) {
  return { sev1, sev2, sev3, sev4 };
}

export async function incidentOf(h: Harness, channel: string): Promise<number> {
  const n = await h.s.incidents.findByChannel(h.team, channel);
  if (!n) throw new Error(`no incident for ${channel}`);
  return n;
}

export async function timeline(h: Harness, n: number): Promise<TimelineEntry[]> {
  return h.s.incidents.timelineAll(h.team, n);
}

export async function texts(h: Harness, n: number, kinds: TimelineEntry['kind'][] = ['page', 'escalation', 'ack']): Promise<string[]> {
  return (await timeline(h, n)).filter((e) => kinds.includes(e.kind)).map((e) => e.text);
}

/** Polls until `check` stops throwing; real timers, because BullMQ needs them. */
export async function eventually<T>(check: () => Promise<T> | T, timeout = 8_000): Promise<T> {
  return vi.waitFor(check, { timeout, interval: 40 });
}

export const sleep = (n: number): Promise<void> => new Promise((r) => setTimeout(r, n));

export function dms(standin: Standin, user: string): MessageRecord[] {
  const channel = standin.state.dms.get(user);
  return channel ? standin.state.messagesIn(channel) : [];
}

export function channelTexts(standin: Standin, channel: string): string[] {
  return standin.state.messagesIn(channel).map((m) => m.text);
}

export function blocksText(m: MessageRecord | undefined): string {
  return JSON.stringify(m?.blocks ?? []);
}
