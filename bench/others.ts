import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Figures = z.record(z.string(), z.number());

export type PartOutcome = { status: 'ok'; figures: Record<string, number>; seconds: number } | { status: 'not available yet' } | { status: 'failed'; error: string };

/**
 * Parts written by other engineers (postmortem, actions, escalation): each module exports an
 * async function returning figures. Loaded dynamically so the run works before they exist.
 */
export async function runOtherPart(file: string, exportName: string, args: unknown[]): Promise<PartOutcome> {
  if (!existsSync(fileURLToPath(new URL(`./${file}.ts`, import.meta.url)))) return { status: 'not available yet' };
  try {
    const mod: unknown = await import(`./${file}.js`);
    const fn: unknown = mod && typeof mod === 'object' ? (mod as Record<string, unknown>)[exportName] : undefined;
    if (typeof fn !== 'function') return { status: 'failed', error: `bench/${file}.ts does not export ${exportName}()` };
    const t0 = performance.now();
    const result: unknown = await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
    const parsed = Figures.safeParse(result);
    if (!parsed.success) return { status: 'failed', error: `${exportName}() did not return Record<string, number>: ${z.prettifyError(parsed.error)}` };
    return { status: 'ok', figures: parsed.data, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    return { status: 'failed', error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
