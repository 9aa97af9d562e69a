import type { Json } from './types.js';

/**
 * What Slack renders inside `<…>` in mrkdwn: a user or channel mention, a special (`!here`,
 * `!channel`, `!everyone`, `!subteam^…`, `!date^…`) or a link, each optionally with `|label`.
 * Anything else (a usage line's `<investigating|identified>`) shows up broken, so the stand-in
 * refuses it where Slack would quietly mangle it: tests then see the mistake.
 */
const VALID = /^(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|!(?:here|channel|everyone)|!subteam\^[A-Z0-9]+|!date\^\d+\^[^|]*|(?:https?:\/\/|mailto:)[^\s|]+)(?:\|[^|]*)?$/;

/** The `<…>` tokens of a text that Slack would not render as a mention, special or link. */
export function brokenMarkup(text: string): string[] {
  const broken: string[] = [];
  for (const m of text.matchAll(/<([^<>]*)>/g)) {
    if (!VALID.test(m[1] ?? '')) broken.push(m[0]);
  }
  // A `<` that never closes swallows the rest of the message in Slack.
  if (/<[^>]*$/.test(text)) broken.push(text.slice(text.lastIndexOf('<')));
  return broken;
}

/** Every text of a message Slack shows as mrkdwn: `text` and the mrkdwn objects in its blocks. */
export function mrkdwnTexts(content: { text?: unknown; blocks?: unknown }): string[] {
  const out: string[] = typeof content.text === 'string' ? [content.text] : [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Json;
      if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
      for (const [k, child] of Object.entries(o)) if (k !== 'text' || typeof child === 'object') walk(child);
    }
  };
  walk(content.blocks);
  return out;
}

/** The broken tokens of a whole message (text and blocks). */
export function brokenMarkupIn(content: { text?: unknown; blocks?: unknown }): string[] {
  return mrkdwnTexts(content).flatMap(brokenMarkup);
}
