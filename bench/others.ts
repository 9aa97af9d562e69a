import { z } from 'zod';

const Figures = z.record(z.string(), z.number());

export type PartOutcome = { status: 'ok'; figures: Record<string, number>; seconds: number } | { status: 'failed'; error: string };

/**
 * Runs a part written by another engineer (postmortem, action items, escalation timers):
 * an async function returning figures. A failure is reported in the table and the
 * results file instead of losing the figures of every other part.
 */
export async function runPart(fn: () => Promise<unknown>): Promise<PartOutcome> {
  try {
    const t0 = performance.now();
    const parsed = Figures.safeParse(await fn());
    if (!parsed.success) return { status: 'failed', error: `did not return Record<string, number>: ${z.prettifyError(parsed.error)}` };
    return { status: 'ok', figures: parsed.data, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    return { status: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
