/**
 * Slack only needs &, < and > escaped (api.slack.com/reference/surfaces/formatting#escaping).
 * Escaping them is what stops a title of `<!channel>` from pinging a whole workspace.
 */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack sends user-typed text already escaped; undo that before we store it, so it is escaped exactly once on the way out. */
export function unescapeSlack(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * User mentions, channel links and plain links stay clickable; everything else that Slack
 * would treat as markup (`<!channel>`, `<!here>`, `<!subteam^…>`, stray `<`) is shown as text.
 */
const SAFE_TOKEN = /<(@[UW][A-Z0-9]+(?:\|[^<>]*)?|#[CG][A-Z0-9]+(?:\|[^<>]*)?|https?:\/\/[^<>|\s]+(?:\|[^<>]*)?)>/g;

export function userText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(SAFE_TOKEN)) {
    out += escapeText(text.slice(last, m.index));
    const inner = m[1] ?? '';
    const pipe = inner.indexOf('|');
    out += pipe === -1 ? `<${inner}>` : `<${inner.slice(0, pipe)}|${escapeText(inner.slice(pipe + 1))}>`;
    last = m.index + m[0].length;
  }
  return out + escapeText(text.slice(last));
}

/** `<@U123|ana>` → `<@U123>`: keep the stable ID, drop the name Slack attached at typing time. */
export function normalizeMentions(text: string): string {
  return text.replace(/<@([UW][A-Z0-9]+)\|[^<>]*>/g, '<@$1>').replace(/<#([CG][A-Z0-9]+)\|[^<>]*>/g, '<#$1>');
}

/** Plain text for places Slack shows verbatim (channel topics): mentions become @name. */
export function plainText(text: string, names: ReadonlyMap<string, string> = new Map()): string {
  return text
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^<>]*))?>/g, (_, id: string, label?: string) => `@${names.get(id) ?? label ?? id}`)
    .replace(/<#([CG][A-Z0-9]+)(?:\|([^<>]*))?>/g, (_, id: string, label?: string) => `#${label ?? id}`);
}

/** Cut at a word boundary with an ellipsis, for Slack's per-field limits. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.5 ? cut.slice(0, space) : cut}…`;
}


// The escape boundary lives with the wire it guards (slack/api/escape.ts); views use it from here too.
export { forSlack, forSlackPayload } from '../api/escape.js';
