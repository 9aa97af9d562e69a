/**
 * User text inside a Markdown postmortem. Anything people typed is escaped so a `|` never
 * splits a table cell, a backtick never opens code, a `#` or `>` never starts a heading or a
 * quote, and `<` never becomes HTML. Slack's own markup (mentions, links) is turned into plain
 * text first, because `<@U123>` means nothing outside Slack.
 */

const INLINE_SPECIAL = /[\\`*_[\]<>|~#]/g;
/** `&copy;` would render as ©; a bare `&` is left alone so text stays readable raw. */
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;
const SLACK_TOKEN = /<(@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|![a-z^][^<>|]*|https?:\/\/[^<>|\s]+|mailto:[^<>|\s]+)(?:\|([^<>]*))?>/g;

export type People = Readonly<Record<string, string>>;

/** `<@U1>` → `@ana`, `<https://x|docs>` → `docs (https://x)`, `<!here>` → `@here`. */
export function slackToPlain(text: string, people: People): string {
  if (!text.includes('<')) return text;
  return text.replace(SLACK_TOKEN, (_, token: string, label: string | undefined) => {
    if (token.startsWith('@')) return `@${people[token.slice(1)] ?? label ?? token.slice(1)}`;
    if (token.startsWith('#')) return `#${label ?? token.slice(1)}`;
    if (token.startsWith('!')) return `@${label ?? token.slice(1).split('^')[0] ?? ''}`;
    const url = token.startsWith('mailto:') ? token.slice('mailto:'.length) : token;
    return label && label !== url ? `${label} (${url})` : url;
  });
}

const ANY_SPECIAL = /[\\`*_[\]<>|~#&]/;

export function escapeMarkdownInline(text: string): string {
  // Most text needs nothing; testing first saves two new strings per timeline entry.
  if (!ANY_SPECIAL.test(text)) return text;
  return text.replace(INLINE_SPECIAL, '\\$&').replace(ENTITY, '&amp;');
}

/** One line that begins a Markdown line: also defuse list markers, setext underlines and indented code. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^\s+/, '')
    .replace(/^([-+=])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Markup, entities and line breaks in one pass: one new string per text, not three. */
const INLINE_ALL = /[\\`*_[\]<>|~#]|&(?=#?[A-Za-z0-9]+;)|[ \t]*\r?\n\s*/g;
const NEEDS_INLINE = /[\\`*_[\]<>|~#&\n]/;

function inlineReplacement(m: string): string {
  if (m === '&') return '&amp;';
  return m.length === 1 && m !== '\n' ? `\\${m}` : '<br>';
}

/** For a table cell or a list item: one line, breaks shown as `<br>`. */
export function mdInline(text: string, people: People): string {
  const plain = slackToPlain(text.trim(), people);
  return NEEDS_INLINE.test(plain) ? plain.replace(INLINE_ALL, inlineReplacement) : plain;
}

/** For paragraphs and quotes: the lines kept, each safe at the start of a Markdown line. */
export function mdLines(text: string, people: People): string[] {
  const lines = escapeMarkdownInline(slackToPlain(text.trim(), people)).split(/\r?\n/);
  return lines.map(escapeLineStart);
}

/** A URL inside `(…)` of a Markdown link. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
