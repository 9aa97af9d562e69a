import type { Json, MessageRecord, Standin, ViewRecord } from '../standin/index.js';

/** What the terminal sandbox needs to show a modal, fill it in like a person, and press buttons by their label. */

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const objs = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObj) : []);
const textOf = (v: unknown): string => (isObj(v) && typeof v.text === 'string' ? v.text : '');

interface Field {
  blockId: string;
  actionId: string;
  label: string;
  type: string;
  optional: boolean;
  options: { text: string; value: string }[];
  initial?: Json;
}

function fieldsOf(view: ViewRecord): Field[] {
  return objs(view.view.blocks)
    .filter((b) => b.type === 'input')
    .map((b, i) => {
      const el = isObj(b.element) ? b.element : {};
      const initial = isObj(el.initial_option) ? { selected_option: el.initial_option } : typeof el.initial_value === 'string' ? { value: el.initial_value } : undefined;
      return {
        blockId: typeof b.block_id === 'string' ? b.block_id : `block_${i}`,
        actionId: typeof el.action_id === 'string' ? el.action_id : `action_${i}`,
        label: textOf(b.label),
        type: String(el.type),
        optional: b.optional === true,
        options: objs(el.options).map((o) => ({ text: textOf(o.text), value: String(o.value) })),
        ...(initial ? { initial } : {}),
      };
    });
}

/** The form as lines: each field's name to type, what it takes, and what it holds already. */
export function describeForm(view: ViewRecord): string[] {
  const title = textOf(view.view.title);
  const lines = [`[form] ${title}`];
  for (const f of fieldsOf(view)) {
    const takes =
      f.options.length > 0
        ? `one of ${f.options.map((o) => o.value).join(' | ')}`
        : f.type === 'users_select'
          ? '@name'
          : f.type === 'plain_text_input'
            ? 'text'
            : f.type;
    const initial = f.initial?.selected_option ? ` (now ${String((f.initial.selected_option as Json).value)})` : '';
    lines.push(`  ${f.blockId}: ${f.label}, ${takes}${f.optional ? ', optional' : ''}${initial}`);
  }
  const submit = textOf(view.view.submit) || 'Submit';
  lines.push(`Fill it in and press ${submit}: submit ${fieldsOf(view).map((f) => `${f.blockId}="…"`).slice(0, 2).join(' ')} …   (or \`cancel\`)`);
  return lines;
}

/** `title="Login page blank" severity=sev2` → { title: 'Login page blank', severity: 'sev2' }. */
export function parseAssignments(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([\w-]+)=(?:"([^"]*)"|'([^']*)'|(\S+))/g;
  let rest = text;
  for (const m of text.matchAll(re)) {
    out[m[1] ?? ''] = m[2] ?? m[3] ?? m[4] ?? '';
    rest = rest.replace(m[0], '');
  }
  if (rest.trim() !== '') throw new Error(`could not read "${rest.trim()}"; write field=value, with quotes around spaces`);
  return out;
}

/** The values Slack would submit: what was typed, else the field's initial value, as each element type sends it. */
export function formValues(view: ViewRecord, given: Record<string, string>, userByName: (name: string) => string | undefined): Record<string, Record<string, unknown>> {
  const fields = fieldsOf(view);
  for (const key of Object.keys(given)) {
    if (!fields.some((f) => f.blockId === key)) throw new Error(`the form has no field ${key}; it has ${fields.map((f) => f.blockId).join(', ')}`);
  }
  const values: Record<string, Record<string, unknown>> = {};
  for (const f of fields) {
    const typed = given[f.blockId];
    if (typed === undefined || typed === '') {
      if (f.initial) values[f.blockId] = { [f.actionId]: f.initial };
      continue;
    }
    if (f.options.length > 0) {
      const option = f.options.find((o) => o.value.toLowerCase() === typed.toLowerCase() || o.text.toLowerCase().startsWith(typed.toLowerCase()));
      if (!option) throw new Error(`${f.blockId} is one of ${f.options.map((o) => o.value).join(', ')}`);
      values[f.blockId] = { [f.actionId]: { selected_option: { text: { type: 'plain_text', text: option.text }, value: option.value } } };
    } else if (f.type === 'users_select') {
      const id = userByName(typed.replace(/^@/, ''));
      if (!id) throw new Error(`no user ${typed}`);
      values[f.blockId] = { [f.actionId]: { selected_user: id } };
    } else {
      values[f.blockId] = { [f.actionId]: { value: typed } };
    }
  }
  return values;
}

export interface FoundButton {
  label: string;
  actionId: string;
  blockId?: string;
  value?: string;
  channel: string;
  messageTs: string;
  confirm?: string;
}

/** Every button in a message's blocks, with its label. */
export function buttonsIn(blocks: unknown): { label: string; actionId: string; blockId?: string; value?: string; confirm?: string }[] {
  const out: { label: string; actionId: string; blockId?: string; value?: string; confirm?: string }[] = [];
  for (const block of objs(blocks)) {
    const elements = [...objs(block.elements), ...(isObj(block.accessory) ? [block.accessory] : [])];
    for (const e of elements) {
      if (e.type !== 'button' || typeof e.action_id !== 'string') continue;
      const confirm = isObj(e.confirm) ? textOf(e.confirm.text) : undefined;
      out.push({
        label: textOf(e.text),
        actionId: e.action_id,
        ...(typeof block.block_id === 'string' ? { blockId: block.block_id } : {}),
        ...(typeof e.value === 'string' ? { value: e.value } : {}),
        ...(confirm ? { confirm } : {}),
      });
    }
  }
  return out;
}

/**
 * The newest button with this label that the user can see: in their replies only they see, in the
 * current channel, then in their DMs. The label may be shortened (`close` for "Resolve and close" is not; `resolve` is).
 */
export function findButton(standin: Standin, user: string, channel: string, label: string): FoundButton | undefined {
  const want = label.toLowerCase().trim();
  const dm = standin.state.dms.get(user);
  const places: { channel: string; ts: string; blocks?: unknown }[] = [
    ...standin.state.ephemerals.filter((e) => e.user === user && e.channel === channel).map((e) => ({ channel: e.channel, ts: e.ts, blocks: e.blocks })),
    ...(standin.state.messages.get(channel) ?? []).map((m: MessageRecord) => ({ channel, ts: m.ts, blocks: m.blocks })),
    ...(dm ? (standin.state.messages.get(dm) ?? []).map((m: MessageRecord) => ({ channel: dm, ts: m.ts, blocks: m.blocks })) : []),
  ].sort((a, b) => Number(b.ts) - Number(a.ts));
  for (const exact of [true, false]) {
    for (const p of places) {
      const b = buttonsIn(p.blocks).find((x) => (exact ? x.label.toLowerCase() === want : x.label.toLowerCase().startsWith(want)));
      if (b) return { ...b, channel: p.channel, messageTs: p.ts };
    }
  }
  return undefined;
}
