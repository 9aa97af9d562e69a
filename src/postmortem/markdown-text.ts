/**
 * User text inside a Markdown postmortem. People's words must come out exactly as typed on
 * GitHub, GitLab or a Confluence import, so a character is escaped only where Markdown would
 * read it as markup there: a `_` inside a word (`max_connections`) or a lone `~` (`~35 minutes`)
 * is left alone, because a backslash before it is shown as it is by some renderers. Slack's own
 * markup (mentions, links) is turned into plain text first, because `<@U123>` means nothing
 * outside Slack.
 */

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

const ASCII_PUNCT = /[!-/:-@[-`{-~]/;
const WORD = /[\p{L}\p{N}]/u;
const SPACE = /\s/;
/** Characters that may need a backslash, entity-like `&…;`, and line breaks. */
const CANDIDATE = /[\\`*_\]<|~]|&(?=#?[A-Za-z0-9]+;)|[ \t]*\r?\n\s*/g;
const MAYBE = /[\\`*_\]<|~&\n]/;

interface Mode {
  /** Inside a table cell: `|` would end the cell. */
  cell: boolean;
  /** One line: breaks become `<br>`. */
  inline: boolean;
}

function escapeWith(text: string, mode: Mode): string {
  if (!MAYBE.test(text)) return text;
  // GitHub strikes through `~one~` as well as `~~two~~`: a single tilde is only markup with a partner.
  const tildes = text.indexOf('~') !== text.lastIndexOf('~');
  return text.replace(CANDIDATE, (m: string, at: number, all: string) => {
    const before = all[at - 1] ?? '';
    const after = all[at + m.length] ?? '';
    switch (m) {
      case '\\':
        // A backslash is literal unless punctuation follows it (or a line break would make it one).
        return after === '' || ASCII_PUNCT.test(after) || after === '\n' ? '\\\\' : m;
      case '`':
        return '\\`';
      case '*':
        return (before === '' || SPACE.test(before)) && (after === '' || SPACE.test(after)) ? m : '\\*';
      case '_':
        // CommonMark never reads `_` between two letters or digits as emphasis.
        return WORD.test(before) && WORD.test(after) ? m : '\\_';
      case ']':
        // Only `](`, `][` and `]:` make links or definitions.
        return after === '(' || after === '[' || after === ':' ? '\\]' : m;
      case '<':
        // `<tag`, `</tag`, `<!--`, `<?`, and autolinks `<https://…>` are markup; `< 5 ms` is not.
        return /[A-Za-z/!?]/.test(after) ? '\\<' : m;
      case '|':
        return mode.cell ? '\\|' : m;
      case '~':
        return tildes ? '\\~' : m;
      case '&':
        return '&amp;';
      default:
        // A line break (with the blanks around it).
        return mode.inline ? '<br>' : m;
    }
  });
}

/** One line that begins a Markdown block: defuse headings, quotes, lists, rules and indented code. */
function escapeLineStart(line: string): string {
  const trimmed = line.replace(/^\s+/, '');
  if (/^[-+*=_\s]+$/.test(trimmed) && /[-+*=_]{3,}|^=+$/.test(trimmed.replace(/\s/g, ''))) return `\\${trimmed}`;
  return trimmed
    .replace(/^(#{1,6})(?=\s|$)/, '\\$1')
    .replace(/^>/, '\\>')
    .replace(/^([-+*])(?=\s|$)/, '\\$1')
    .replace(/^(\d+)([.)])(?=\s|$)/, '$1\\$2');
}

/** For a list item: one line, breaks shown as `<br>`. */
export function mdInline(text: string, people: People): string {
  return escapeWith(slackToPlain(text.trim(), people), { cell: false, inline: true });
}

/** For a table cell: one line, and `|` escaped so it does not end the cell. */
export function mdCell(text: string, people: People): string {
  return escapeWith(slackToPlain(text.trim(), people), { cell: true, inline: true });
}

/** For paragraphs and quotes: the lines kept, each safe at the start of a Markdown line. */
export function mdLines(text: string, people: People): string[] {
  return slackToPlain(text.trim(), people)
    .split(/\r?\n/)
    .map((line) => escapeLineStart(escapeWith(line, { cell: false, inline: false })));
}

/** A URL inside `(…)` of a Markdown link. */
export function mdUrl(url: string): string {
  return url.replace(/[\s()<>]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
