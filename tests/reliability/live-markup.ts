import type { Standin } from '../../src/standin/index.js';
import { mrkdwnTexts } from '../../src/standin/markup.js';

/** Markup the bot may send live: user and channel mentions and links, nothing that pings a crowd. */
const OWN = /^<(?:@[UW][A-Z0-9]+|#[CG][A-Z0-9]+|(?:https?:\/\/|mailto:)[^\s|<>]+)(?:\|[^<>]*)?>$/;

/** Every `<…>` in a text that is not a mention or link: `<!channel>`, `<!here>`, a usage's `<a|b>`. */
export function liveMarkup(text: string): string[] {
  return [...text.matchAll(/<[^<>]*>?/g)].map((m) => m[0]).filter((t) => !OWN.test(t));
}

/** A place in the stand-in where people read what the bot sent, from a mark on. */
export interface Mark {
  calls: number;
  responses: number;
}

export function mark(standin: Standin): Mark {
  return { calls: standin.calls.length, responses: standin.responses.length };
}

/** What the bot sent since `from`: Web API texts (messages, ephemerals, modals, uploads) and response_url posts. */
export function sentTexts(standin: Standin, from: Mark): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const c of standin.calls.slice(from.calls)) {
    const a = c.args;
    const view = a.view && typeof a.view === 'object' ? (a.view as { blocks?: unknown }) : undefined;
    const texts = [...mrkdwnTexts({ text: a.text, blocks: a.blocks }), ...mrkdwnTexts({ blocks: view?.blocks })];
    if (typeof a.initial_comment === 'string') texts.push(a.initial_comment);
    for (const text of texts) out.push({ where: c.method, text });
  }
  for (const r of standin.responses.slice(from.responses)) {
    for (const text of mrkdwnTexts(r.body)) out.push({ where: 'response_url', text });
  }
  return out;
}
