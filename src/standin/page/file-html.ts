import MarkdownIt from 'markdown-it';
import type { FileRecord } from '../types.js';
import { escapeHtml } from './mrkdwn-html.js';

// html: false — an uploaded file is someone's text, never markup for this page.
const md = new MarkdownIt({ html: false, linkify: true });

/**
 * The two pieces of HTML the postmortem draft writes itself (src/postmortem/markdown-links.ts,
 * markdown-text.ts): an empty anchor per entry, which its citations link to, and a line break in a
 * table cell or list item. GitHub and GitLab draw them; without this the viewer printed them as text
 * and every citation led nowhere. Nothing else is let through, so no one's text becomes markup.
 */
const DRAFT_HTML = /^(?:<a id="([a-z0-9-]+)" name="\1"><\/a>|<br>)/;
md.inline.ruler.before('text', 'draft_html', (state, silent) => {
  if (state.src.charCodeAt(state.pos) !== 0x3c) return false;
  const match = DRAFT_HTML.exec(state.src.slice(state.pos));
  if (!match) return false;
  if (!silent) state.push('html_inline', '', 0).content = match[0];
  state.pos += match[0].length;
  return true;
});
const fence = md.renderer.rules.fence;
md.renderer.rules.fence = (tokens, idx, options, env, self) => {
  const token = tokens[idx];
  if (token && token.info.trim() === 'mermaid') return `<pre class="mermaid">${escapeHtml(token.content)}</pre>\n`;
  return fence ? fence(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
};

function isMarkdown(f: FileRecord): boolean {
  return /\.(md|markdown)$/i.test(f.name) || f.snippet_type === 'markdown';
}

/** An uploaded file as a page: Markdown rendered with its Mermaid diagrams drawn in the browser, anything else as text. */
export function fileHtml(f: FileRecord): string {
  const content = isMarkdown(f) ? md.render(f.content) : `<pre class="code">${escapeHtml(f.content)}</pre>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(f.title || f.name)} · warroom sandbox</title>
<link rel="stylesheet" href="/sandbox/app.css"></head>
<body class="file-page"><header class="file-head"><span>📄 <b>${escapeHtml(f.title || f.name)}</b> · ${escapeHtml(f.name)} · ${f.size} bytes</span>
<a class="btn" href="/sandbox/files/${encodeURIComponent(f.id)}/download" download="${escapeHtml(f.name)}">Download</a></header>
<article class="markdown">${content}</article>
<script src="/sandbox/vendor/mermaid.min.js"></script>
<script src="/sandbox/file.js"></script></body></html>`;
}
