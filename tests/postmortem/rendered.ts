import MarkdownIt from 'markdown-it';

/**
 * What a reader sees of a Markdown draft, through a real CommonMark renderer (markdown-it with
 * HTML allowed, as GitHub and GitLab allow the anchors the draft uses): the visible text, the
 * anchors it defines and the links within it.
 */

const md = new MarkdownIt({ html: true });

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

export interface Rendered {
  html: string;
  /** Visible text, line breaks kept, entities decoded. */
  text: string;
  /** Every `id` defined. */
  ids: Set<string>;
  /** Every in-page link target (`#e12` → `e12`). */
  fragments: string[];
}

export function render(markdown: string): Rendered {
  const html = md.render(markdown);
  const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? ''));
  const fragments = [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1] ?? '');
  const text = html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, e: string) => ENTITIES[e] ?? '');
  return { html, text, ids, fragments };
}

/** Links that lead nowhere: the check a reader makes by clicking every citation. */
export function danglingLinks(r: Rendered): string[] {
  return r.fragments.filter((f) => !r.ids.has(f));
}
