import type { Cited } from './draft-schema.js';
import { mdInline, type People } from './markdown-text.js';

/**
 * Anchors and the links to them. A citation must be one click wherever teams publish Markdown.
 * Heading ids differ by renderer, so every entry gets an explicit, empty HTML anchor carrying
 * both `id` (GitHub, which prefixes it with `user-content-` and scrolls to it from `#e12`;
 * markdown-it; Confluence's Markdown import) and `name` (GitLab's sanitizer keeps `name` on `<a>`).
 */

export interface Renderer {
  people: People;
  refs: Map<string, { ref: string; anchor: string }>;
  out: string[];
  names: Map<string, string>;
}

export function anchor(id: string): string {
  return `<a id="${id}" name="${id}"></a>`;
}

export function who(r: Renderer, user: string | undefined): string {
  if (!user) return 'the bot';
  let name = r.names.get(user);
  if (name === undefined) {
    name = mdInline(`@${r.people[user] ?? user}`, {});
    r.names.set(user, name);
  }
  return name;
}

function links(r: Renderer, c: Pick<Cited, 'cites' | 'items'>): string[] {
  const targets: Array<{ ref: string; anchor: string }> = [];
  for (const id of c.cites) {
    const target = r.refs.get(id);
    if (target && !targets.some((t) => t.ref === target.ref)) targets.push(target);
  }
  // In timeline order, as a reader checks them.
  if (targets.length > 1) targets.sort((a, b) => Number(a.ref.slice(1)) - Number(b.ref.slice(1)));
  const out = targets.map((t) => `[${t.ref}](#${t.anchor})`);
  for (const label of c.items ?? []) out.push(`[${label}](#${label.toLowerCase()})`);
  return out;
}

/** ` ([E3](#e3), [E12](#e12))`: the entries a statement rests on, each a link to its anchor. */
export function cite(r: Renderer, c: Pick<Cited, 'cites' | 'items'>): string {
  const all = links(r, c);
  return all.length ? ` (${all.join(', ')})` : '';
}

/** The same links for a table's "Timeline" column. */
export function cellRefs(r: Renderer, cites: string[]): string {
  return links(r, { cites }).join(', ');
}
