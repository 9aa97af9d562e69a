import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules live in .dependency-cruiser.cjs and run in `npm test` (lint:layers). This test
 * adds what a rule per module cannot say: no two folders import each other, even through others.
 */

interface Cruised {
  modules: { source: string; dependencies: { resolved: string; dependencyTypes: string[] }[] }[];
  summary: { violations: { rule: { name: string }; from: string; to: string }[] };
}

function cruise(): Cruised {
  const out = execFileSync('npx', ['depcruise', 'src', 'commands', '--config', '.dependency-cruiser.cjs', '--output-type', 'json'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Cruised;
}

/** src/slack/api/client.ts → src/slack/api; commands/action/parse.ts → commands. */
function folderOf(path: string): string | undefined {
  if (path.startsWith('commands/')) return 'commands';
  const m = /^src\/(slack\/[^/]+|[^/]+)\//.exec(path);
  return m?.[1] ? `src/${m[1]}` : undefined;
}

/** Strongly connected groups of more than one folder (Tarjan). */
function folderCycles(edges: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const groups: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          on.delete(w);
          group.push(w);
        }
      } while (w !== undefined && w !== v);
      if (group.length > 1) groups.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return groups;
}

describe('the import rules of docs/ARCHITECTURE.md', () => {
  const result = cruise();

  it('are all kept (lower layers never import higher ones, only listeners import commands, the bot never imports the stand-in)', () => {
    expect(result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`)).toEqual([]);
  });

  it('leave no two folders importing each other', () => {
    const edges = new Map<string, Set<string>>();
    for (const m of result.modules) {
      const from = folderOf(m.source);
      if (!from) continue;
      for (const d of m.dependencies) {
        const to = folderOf(d.resolved);
        if (!to || to === from) continue;
        edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    expect(edges.size).toBeGreaterThan(10);
    expect(folderCycles(edges)).toEqual([]);
  });

  it('would see two folders importing each other', () => {
    const folders = folderCycles(new Map([['src/app', new Set(['src/store'])], ['src/store', new Set(['src/app'])]]));
    expect(folders).toEqual([['src/app', 'src/store']]);
  });
});
