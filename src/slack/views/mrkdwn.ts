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

/**
 * The markup warroom itself sends: user and channel mentions (optionally labelled) and links.
 * Labels carry no `<` or `>`, so nothing can hide inside one.
 */
const OWN_MARKUP = /<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|(?:https?:\/\/|mailto:)[^<>|\s]+)(?:\|[^<>]*)?>/y;
const ENTITY = /&(?:amp|lt|gt);/y;

/**
 * The escape boundary: every text that leaves for Slack (posts, updates, ephemerals, acks,
 * respond, modals) goes through this one function on its way out (see slack/api/outgoing.ts).
 * Mentions and links the bot made stay live; any other `<…>` (`<!channel>`, `<!here>`, a user
 * group, a usage line's `<a|b>`) is shown as typed, and a bare `&` becomes `&amp;`. Text that
 * was already escaped is left as it is, so escaping twice changes nothing.
 */
export function forSlack(text: string): string {
  if (!/[<>&]/.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; ) {
    const c = text[i];
    if (c === '<') {
      OWN_MARKUP.lastIndex = i;
      const own = OWN_MARKUP.exec(text);
      if (own) {
        out += own[0];
        i += own[0].length;
        continue;
      }
      out += '&lt;';
    } else if (c === '>') {
      out += '&gt;';
    } else if (c === '&') {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(text);
      out += entity ? entity[0] : '&amp;';
      if (entity) {
        i += entity[0].length;
        continue;
      }
    } else {
      out += c;
    }
    i += 1;
  }
  return out;
}

/** `forSlack` over a message or view: its `text` and every mrkdwn text object inside, at any depth. */
export function forSlackPayload<T>(payload: T): T {
  if (Array.isArray(payload)) return payload.map((p: unknown) => forSlackPayload(p)) as T;
  if (payload === null || typeof payload !== 'object') return payload;
  const obj = payload as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'text' && typeof v === 'string' && (obj.type === undefined || obj.type === 'mrkdwn')) out[k] = forSlack(v);
    else if (typeof v === 'object' && v !== null && !SKIP_KEYS.has(k)) out[k] = forSlackPayload(v);
    else out[k] = v;
  }
  return out as T;
}

/** Values Slack never renders as mrkdwn: handing them back changed would break the buttons and forms. */
const SKIP_KEYS = new Set(['metadata', 'private_metadata', 'value', 'initial_value', 'options', 'option_groups']);
