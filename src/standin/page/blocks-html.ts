import { isObject } from '../limits.js';
import type { Json } from '../types.js';
import { type Names, escapeHtml, mrkdwnToHtml, plainToHtml } from './mrkdwn-html.js';

/** Block Kit → HTML for the sandbox page: what Slack's client draws, with buttons that send real block_actions. */

function list(v: unknown): Json[] {
  return Array.isArray(v) ? v.filter(isObject) : [];
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export function textObject(t: unknown, names: Names): string {
  if (!isObject(t)) return '';
  return t.type === 'mrkdwn' ? mrkdwnToHtml(str(t.text), names) : plainToHtml(str(t.text), t.emoji !== false);
}

function attr(name: string, value: unknown): string {
  return typeof value === 'string' ? ` ${name}="${escapeHtml(value)}"` : '';
}

/** A button; the page's script sends the click with block_id/action_id/value as Slack would. */
function button(el: Json, blockId: unknown, names: Names): string {
  const style = el.style === 'primary' || el.style === 'danger' ? ` btn-${el.style}` : '';
  const confirm = isObject(el.confirm) ? ` data-confirm="${escapeHtml(JSON.stringify(el.confirm))}"` : '';
  if (typeof el.url === 'string') {
    return `<a class="btn${style}" href="${escapeHtml(/^https?:/.test(el.url) ? el.url : '#')}" target="_blank" rel="noopener">${textObject(el.text, names)}</a>`;
  }
  return `<button type="button" class="btn${style}" data-action="${escapeHtml(str(el.action_id))}"${attr('data-block', blockId)}${attr('data-value', el.value)}${confirm}>${textObject(el.text, names)}</button>`;
}

function element(el: Json, blockId: unknown, names: Names): string {
  if (el.type === 'button') return button(el, blockId, names);
  if (el.type === 'image') return `<span class="img-alt" title="${escapeHtml(str(el.alt_text))}">🖼</span>`;
  if (el.type === 'mrkdwn' || el.type === 'plain_text') return `<span>${textObject(el, names)}</span>`;
  // Selects and other interactive elements in messages: the bot sends none today; show what they are rather than guess.
  return `<span class="unsupported">[${escapeHtml(str(el.type))}]</span>`;
}

function richText(block: Json, names: Names): string {
  const parts: string[] = [];
  for (const section of list(block.elements)) {
    for (const el of list(section.elements)) {
      if (el.type === 'text') {
        const style = isObject(el.style) ? el.style : {};
        let h = escapeHtml(str(el.text)).replace(/\n/g, '<br>');
        if (style.code) h = `<code>${h}</code>`;
        if (style.bold) h = `<b>${h}</b>`;
        if (style.italic) h = `<i>${h}</i>`;
        parts.push(h);
      } else if (el.type === 'user') parts.push(`<span class="mention">@${escapeHtml(names.user(str(el.user_id)) ?? str(el.user_id))}</span>`);
      else if (el.type === 'link') parts.push(`<a href="${escapeHtml(str(el.url))}" target="_blank" rel="noopener">${escapeHtml(str(el.text) || str(el.url))}</a>`);
      else if (el.type === 'emoji') parts.push(escapeHtml(`:${str(el.name)}:`));
    }
  }
  return `<div class="b-rich">${parts.join('')}</div>`;
}

export function blockHtml(block: Json, names: Names): string {
  switch (block.type) {
    case 'header':
      return `<div class="b-header">${textObject(block.text, names)}</div>`;
    case 'divider':
      return '<hr class="b-divider">';
    case 'section': {
      const text = block.text === undefined ? '' : `<div class="b-text">${textObject(block.text, names)}</div>`;
      const fields = list(block.fields);
      const grid = fields.length ? `<div class="b-fields">${fields.map((f) => `<div>${textObject(f, names)}</div>`).join('')}</div>` : '';
      const acc = isObject(block.accessory) ? `<div class="b-accessory">${element(block.accessory, block.block_id, names)}</div>` : '';
      return `<div class="b-section"><div class="b-main">${text}${grid}</div>${acc}</div>`;
    }
    case 'context':
      return `<div class="b-context">${list(block.elements).map((e) => element(e, block.block_id, names)).join(' ')}</div>`;
    case 'actions':
      return `<div class="b-actions">${list(block.elements).map((e) => element(e, block.block_id, names)).join('')}</div>`;
    case 'image':
      return `<div class="b-context">🖼 ${escapeHtml(str(block.alt_text))}</div>`;
    case 'rich_text':
      return richText(block, names);
    default:
      return `<div class="unsupported">[${escapeHtml(str(block.type))} block]</div>`;
  }
}

export function blocksHtml(blocks: unknown, names: Names): string {
  return list(blocks)
    .map((b) => blockHtml(b, names))
    .join('');
}
