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

const WORD = /[\p{L}\p{N}]/u;
const MAYBE = /[\\`*_\]<|~&\n]/;

interface Mode {
  /** Inside a table cell: `|` would end the cell. */
  cell: boolean;
  /** One line: breaks become `<br>`. */
  inline: boolean;
}

/** ASCII punctuation: what a backslash escapes in CommonMark. */
function isPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A letter or digit in any script; NaN (outside the text) is not. */
function isWord(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (Number.isNaN(c)) return false;
  return c < 128 ? isAlnum(c) : WORD.test(text.charAt(i));
}

function isBlankOrEdge(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return Number.isNaN(c) || c === 32 || c === 9 || c === 10 || c === 13 || c === 160;
}

/** `&copy;`, `&#58;`: text a renderer would decode as an entity. */
function isEntity(text: string, i: number): boolean {
  let j = i + 1;
  if (text.charCodeAt(j) === 35) j++;
  let k = j;
  while (k < text.length && isAlnum(text.charCodeAt(k))) k++;
  return k > j && text.charCodeAt(k) === 59;
}

/**
 * The backslash (or entity) one character needs where it stands, or undefined. A plain loop
 * over char codes: this runs on every user text of a 100,000-entry postmortem.
 */
function escapeOne(text: string, i: number, c: number, mode: Mode, tildes: boolean): string | undefined {
  switch (c) {
    case 92: {
      // A backslash is literal unless punctuation follows it (or the end or a break, where it would make a hard break).
      const n = text.charCodeAt(i + 1);
      return Number.isNaN(n) || isPunct(n) || n === 10 || n === 13 ? '\\\\' : undefined;
    }
    case 96:
      return '\\`';
    case 42:
      return isBlankOrEdge(text, i - 1) && isBlankOrEdge(text, i + 1) ? undefined : '\\*';
    case 95:
      // CommonMark never reads `_` between two letters or digits as emphasis.
      return isWord(text, i - 1) && isWord(text, i + 1) ? undefined : '\\_';
    case 93: {
      // Only `](`, `][` and `]:` make links or definitions.
      const n = text.charCodeAt(i + 1);
      return n === 40 || n === 91 || n === 58 ? '\\]' : undefined;
    }
    case 60: {
      // `<tag`, `</tag`, `<!--`, `<?`, and autolinks `<https://…>` are markup; `< 5 ms` is not.
      const n = text.charCodeAt(i + 1);
      return (n >= 65 && n <= 90) || (n >= 97 && n <= 122) || n === 47 || n === 33 || n === 63 ? '\\<' : undefined;
    }
    case 124:
      return mode.cell ? '\\|' : undefined;
    case 126:
      // GitHub strikes through `~one~` as well as `~~two~~`: a single tilde is only markup with a partner.
      return tildes ? '\\~' : undefined;
    case 38:
      return isEntity(text, i) ? '&amp;' : undefined;
    default:
      return undefined;
  }
}

/** What may need escaping, and (inline) a line break with the blanks around it. Scanned natively by `replace`. */
const CANDIDATES = /[\\`*_\]<|~&]|[ \t]*\r?\n\s*/g;

// Module-level state for the replacer, so no closure is made per text (this runs for every
// user text of a 100,000-entry postmortem).
let currentMode: Mode = { cell: false, inline: true };
let currentTildes = false;

function replacer(m: string, i: number, text: string): string {
  if (m.length !== 1 || m === '\n') return currentMode.inline ? '<br>' : m;
  return escapeOne(text, i, m.charCodeAt(0), currentMode, currentTildes) ?? m;
}

function escapeWith(text: string, mode: Mode): string {
  if (!MAYBE.test(text)) return text;
  currentMode = mode;
  currentTildes = text.indexOf('~') !== text.lastIndexOf('~');
  return text.replace(CANDIDATES, replacer);
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
