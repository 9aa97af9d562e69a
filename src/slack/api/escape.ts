/**
 * Slack reads `<…>` in mrkdwn as a mention, a special (`<!channel>`) or a link, and `&` as the
 * start of an entity (api.slack.com/reference/surfaces/formatting#escaping).
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
