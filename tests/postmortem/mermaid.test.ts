import fc from 'fast-check';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import type { Draft } from '../../src/postmortem/draft-schema.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { NAMES } from './fixtures.js';
import { kimbyRecord } from './kimby-record.js';
import { randomRecord } from './random-incidents.js';

/**
 * The status diagram read by Mermaid itself. @mermaid-js/parser has no grammar for `timeline`
 * diagrams, so this loads the real `mermaid` package (its own timeline parser and database)
 * under jsdom, which Mermaid needs for DOMPurify, and checks what Mermaid understood: each
 * phase's name, when it began and how long it lasted, with no entity left undecoded.
 */

interface TimelineTask {
  task: string;
  events: string[];
}
interface MermaidApi {
  parse(text: string): Promise<unknown>;
  mermaidAPI: { getDiagramFromText(text: string): Promise<{ type: string; db: { getTasks(): TimelineTask[] } }> };
}

let mermaid: MermaidApi;

beforeAll(async () => {
  const dom = new JSDOM('<!doctype html><html><body></body></html>');
  Object.assign(globalThis, { window: dom.window, document: dom.window.document });
  mermaid = (await import('mermaid')).default as unknown as MermaidApi;
});

function diagramOf(md: string): string {
  const m = /```mermaid\n([\s\S]*?)```/.exec(md);
  if (!m?.[1]) throw new Error('no mermaid block');
  return m[1];
}

async function understood(diagram: string): Promise<Array<[string, string[]]>> {
  await mermaid.parse(diagram);
  const parsed = await mermaid.mermaidAPI.getDiagramFromText(diagram);
  expect(parsed.type).toBe('timeline');
  return parsed.db.getTasks().map((t) => [t.task.trim(), t.events.map((e) => e.trim())]);
}

function expected(d: Draft): Array<[string, string[]]> {
  return d.phases.map((p) => [p.label, p.duration ? [`from ${p.when}`, `for ${p.duration}`] : [p.when]]);
}

describe('the status diagram, as Mermaid reads it', () => {
  it('has every phase of the reference incident with its time and exact duration', async () => {
    const d = buildDraft({ ...kimbyRecord(), names: NAMES });
    expect(await understood(diagramOf(renderMarkdown(d)))).toEqual([
      ['Impact started', ['7:00 PM EAT']],
      ['Declared, Investigating', ['from 7:05 PM EAT', 'for 1 hour 30 minutes']],
      ['Identified', ['from 8:35 PM EAT', 'for 10 minutes']],
      ['Monitoring', ['from 8:45 PM EAT', 'for 15 minutes']],
      ['Resolved', ['from 9:00 PM EAT', 'for 30 minutes']],
      ['Closed', ['9:30 PM EAT']],
    ]);
  });

  it('reads the phases of random incidents as drafted: dates, clocks and durations of days intact', async () => {
    await fc.assert(
      fc.asyncProperty(randomRecord, async (r) => {
        const d = buildDraft({ ...r, names: NAMES });
        if (d.phases.length === 0) return;
        expect(await understood(diagramOf(renderMarkdown(d)))).toEqual(expected(d));
      }),
      { numRuns: 40 },
    );
  });
});
