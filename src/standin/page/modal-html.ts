import { isObject } from '../limits.js';
import type { Json, UserRecord, ViewRecord } from '../types.js';
import { blockHtml, textObject } from './blocks-html.js';
import { type Names, escapeHtml, plainToHtml } from './mrkdwn-html.js';

/** A modal as a dialog: input blocks become form fields, submit sends a real view_submission. */

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function options(el: Json): Json[] {
  const direct = Array.isArray(el.options) ? el.options.filter(isObject) : [];
  const grouped = Array.isArray(el.option_groups) ? el.option_groups.filter(isObject).flatMap((g) => (Array.isArray(g.options) ? g.options.filter(isObject) : [])) : [];
  return [...direct, ...grouped];
}

function optionText(o: Json): string {
  return isObject(o.text) ? plainToHtml(str(o.text.text)) : '';
}

function field(el: Json, id: string, users: UserRecord[]): string {
  const type = str(el.type);
  const initial = isObject(el.initial_option) ? str(el.initial_option.value) : undefined;
  const placeholder = isObject(el.placeholder) ? ` placeholder="${escapeHtml(str(el.placeholder.text))}"` : '';
  switch (type) {
    case 'plain_text_input': {
      const max = typeof el.max_length === 'number' ? ` maxlength="${el.max_length}"` : '';
      const value = escapeHtml(str(el.initial_value));
      return el.multiline === true
        ? `<textarea id="${id}" rows="3"${placeholder}${max}>${value}</textarea>`
        : `<input id="${id}" type="text" value="${value}"${placeholder}${max}>`;
    }
    case 'number_input':
      return `<input id="${id}" type="number" value="${escapeHtml(str(el.initial_value))}"${placeholder}>`;
    case 'static_select':
      return `<select id="${id}"><option value="">Choose…</option>${options(el)
        .map((o) => `<option value="${escapeHtml(str(o.value))}"${str(o.value) === initial ? ' selected' : ''}>${optionText(o)}</option>`)
        .join('')}</select>`;
    case 'users_select':
      return `<select id="${id}"><option value="">Choose a person…</option>${users
        .filter((u) => !u.is_bot)
        .map((u) => `<option value="${escapeHtml(u.id)}"${u.id === el.initial_user ? ' selected' : ''}>@${escapeHtml(u.name)} (${escapeHtml(u.real_name)})</option>`)
        .join('')}</select>`;
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = type === 'radio_buttons' ? 'radio' : 'checkbox';
      const initials = new Set([initial, ...(Array.isArray(el.initial_options) ? el.initial_options.filter(isObject).map((o) => str(o.value)) : [])]);
      return `<div id="${id}" class="choices">${options(el)
        .map((o) => `<label><input type="${kind}" name="${id}" value="${escapeHtml(str(o.value))}"${initials.has(str(o.value)) ? ' checked' : ''}> ${optionText(o)}</label>`)
        .join('')}</div>`;
    }
    case 'datepicker':
      return `<input id="${id}" type="date" value="${escapeHtml(str(el.initial_date))}">`;
    case 'timepicker':
      return `<input id="${id}" type="time" value="${escapeHtml(str(el.initial_time))}">`;
    default:
      return `<div class="unsupported">This page cannot show a ${escapeHtml(type)} field.</div>`;
  }
}

export function modalHtml(v: ViewRecord, errors: Record<string, string>, names: Names, users: UserRecord[]): string {
  const view = v.view;
  const blocks = Array.isArray(view.blocks) ? view.blocks.filter(isObject) : [];
  const body = blocks
    .map((b, i) => {
      if (b.type !== 'input') return blockHtml(b, names);
      const el = isObject(b.element) ? b.element : {};
      const blockId = typeof b.block_id === 'string' ? b.block_id : `block_${i}`;
      const actionId = typeof el.action_id === 'string' ? el.action_id : `action_${i}`;
      const id = `f-${escapeHtml(blockId)}`;
      const hint = isObject(b.hint) ? `<div class="hint">${textObject(b.hint, names)}</div>` : '';
      const error = errors[blockId] ? `<div class="field-error" role="alert">${escapeHtml(errors[blockId])}</div>` : '';
      return `<div class="input${error ? ' has-error' : ''}" data-block="${escapeHtml(blockId)}" data-action="${escapeHtml(actionId)}" data-type="${escapeHtml(str(el.type))}">
  <label for="${id}">${textObject(b.label, names)}${b.optional === true ? ' <span class="optional">(optional)</span>' : ''}</label>
  ${field(el, id, users)}${hint}${error}</div>`;
    })
    .join('\n');
  const submit = isObject(view.submit) ? `<button type="submit" class="btn btn-primary">${textObject(view.submit, names)}</button>` : '';
  const close = isObject(view.close) ? textObject(view.close, names) : 'Close';
  return `<dialog class="modal" data-view="${escapeHtml(v.id)}" open>
<form method="dialog" class="modal-form">
  <header><h2>${textObject(view.title, names)}</h2><button type="button" class="x" data-close-view title="Close">×</button></header>
  <div class="modal-body">${body}</div>
  <footer><button type="button" class="btn" data-close-view>${close}</button>${submit}</footer>
</form></dialog>`;
}

/** What the page's script sends for one input: the element's type and what the person chose or typed. */
export interface FieldValue {
  type: string;
  value: string | string[] | null;
}

/** The page's simple values → `state.values` entries in Slack's own shape (options as the view listed them). */
export function slackValues(v: ViewRecord, given: Record<string, Record<string, FieldValue>>): Record<string, Record<string, unknown>> {
  const blocks = Array.isArray(v.view.blocks) ? v.view.blocks.filter(isObject) : [];
  const out: Record<string, Record<string, unknown>> = {};
  for (const [blockId, byAction] of Object.entries(given)) {
    const block = blocks.find((b) => b.block_id === blockId);
    const el = block && isObject(block.element) ? block.element : {};
    for (const [actionId, f] of Object.entries(byAction)) {
      const empty = f.value === null || f.value === '' || (Array.isArray(f.value) && f.value.length === 0);
      if (empty) continue;
      const pick = (value: string): Json | undefined => options(el).find((o) => o.value === value);
      let entry: Json;
      switch (f.type) {
        case 'static_select':
        case 'radio_buttons':
          entry = { selected_option: pick(String(f.value)) ?? null };
          break;
        case 'checkboxes':
          entry = { selected_options: (Array.isArray(f.value) ? f.value : [String(f.value)]).map(pick).filter(isObject) };
          break;
        case 'users_select':
          entry = { selected_user: String(f.value) };
          break;
        case 'datepicker':
          entry = { selected_date: String(f.value) };
          break;
        case 'timepicker':
          entry = { selected_time: String(f.value) };
          break;
        default:
          entry = { value: String(f.value) };
      }
      out[blockId] = { [actionId]: entry };
    }
  }
  return out;
}
