import type { Json } from './types.js';

/**
 * Block Kit and text limits (numbers from @slack/types doc comments and docs.slack.dev, collected in
 * shared/notes/slack-platform.md §3). Checks collect every problem as Slack phrases it, with a
 * `[json-pointer:…]` suffix, so a failing call says which field broke which rule.
 */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  /** chat.postMessage truncates text past this and warns `message_truncated`. */
  messageText: 40_000,
  /** chat.update answers `msg_too_long` past this. */
  updateText: 4_000,
  /** Undocumented cumulative cap behind `msg_blocks_too_long`; reports put it at 12–13k. */
  cumulativeBlockText: 12_000,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 75,
  selectOptions: 100,
  overflowOptions: 5,
  checkboxOptions: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  inputLabel: 2000,
  imageAltText: 2000,
  markdownBlockText: 12_000,
  modalTitle: 24,
  modalButton: 24,
  callbackId: 255,
  privateMetadata: 3000,
  viewBytes: 250_000,
  topic: 250,
  bookmarks: 100,
  pins: 100,
  distinctReactions: 23,
  inviteUsers: 100,
  channelName: 80,
} as const;

export class Problems {
  readonly messages: string[] = [];
  add(message: string, pointer: string): void {
    this.messages.push(`${message} [json-pointer:${pointer}]`);
  }
}

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkMaxString(p: Problems, v: unknown, max: number, pointer: string): void {
  if (v === undefined) return;
  if (typeof v !== 'string') p.add('must be a string', pointer);
  else if (v.length > max) p.add(`must be less than ${max + 1} characters`, pointer);
}

interface TextRules {
  max: number;
  min?: number;
  plainOnly?: boolean;
  required?: boolean;
}

/** A composition text object ({type: plain_text|mrkdwn, text}); returns its text length for the cumulative cap. */
export function checkText(p: Problems, v: unknown, rules: TextRules, pointer: string): number {
  if (v === undefined) {
    if (rules.required !== false) p.add('must provide an object', pointer);
    return 0;
  }
  if (!isObject(v)) {
    p.add('must provide an object', pointer);
    return 0;
  }
  const type = v.type;
  if (type !== 'plain_text' && type !== 'mrkdwn') p.add('must be one of plain_text, mrkdwn', `${pointer}/type`);
  else if (rules.plainOnly && type !== 'plain_text') p.add('must be plain_text', `${pointer}/type`);
  if (typeof v.text !== 'string') {
    p.add('must provide a string', `${pointer}/text`);
    return 0;
  }
  if (v.text.length < (rules.min ?? 1)) p.add(`must be more than ${(rules.min ?? 1) - 1} characters`, `${pointer}/text`);
  if (v.text.length > rules.max) p.add(`must be less than ${rules.max + 1} characters`, `${pointer}/text`);
  return v.text.length;
}

function checkConfirm(p: Problems, v: unknown, pointer: string): void {
  if (v === undefined) return;
  if (!isObject(v)) return p.add('must provide an object', pointer);
  checkText(p, v.title, { max: LIMITS.confirmTitle, plainOnly: true }, `${pointer}/title`);
  checkText(p, v.text, { max: LIMITS.confirmText }, `${pointer}/text`);
  checkText(p, v.confirm, { max: LIMITS.confirmButton, plainOnly: true }, `${pointer}/confirm`);
  checkText(p, v.deny, { max: LIMITS.confirmButton, plainOnly: true }, `${pointer}/deny`);
}

function checkOptions(p: Problems, v: unknown, max: number, pointer: string, min = 1): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return p.add('must provide an array', pointer);
  if (v.length < min) p.add(`must provide at least ${min} items`, pointer);
  if (v.length > max) p.add(`must be less than ${max + 1} items`, pointer);
  v.forEach((o: unknown, i) => {
    const at = `${pointer}/${i}`;
    if (!isObject(o)) return p.add('must provide an object', at);
    checkText(p, o.text, { max: LIMITS.optionText }, `${at}/text`);
    checkMaxString(p, o.value, LIMITS.optionValue, `${at}/value`);
    if (o.description !== undefined) checkText(p, o.description, { max: LIMITS.optionText }, `${at}/description`);
  });
}

const ELEMENT_TYPES = new Set([
  'button',
  'checkboxes',
  'datepicker',
  'datetimepicker',
  'email_text_input',
  'image',
  'multi_static_select',
  'multi_users_select',
  'multi_conversations_select',
  'multi_channels_select',
  'multi_external_select',
  'number_input',
  'overflow',
  'plain_text_input',
  'radio_buttons',
  'rich_text_input',
  'static_select',
  'external_select',
  'users_select',
  'conversations_select',
  'channels_select',
  'timepicker',
  'url_text_input',
  'file_input',
]);

/** An interactive or image element (actions, section accessory, input element, context image). */
export function checkElement(p: Problems, el: unknown, pointer: string): void {
  if (!isObject(el)) return p.add('must provide an object', pointer);
  const type = el.type;
  if (typeof type !== 'string' || !ELEMENT_TYPES.has(type)) return p.add('must be a valid element type', `${pointer}/type`);
  checkMaxString(p, el.action_id, LIMITS.actionId, `${pointer}/action_id`);
  checkConfirm(p, el.confirm, `${pointer}/confirm`);
  if (type === 'button') {
    checkText(p, el.text, { max: LIMITS.buttonText, plainOnly: true }, `${pointer}/text`);
    checkMaxString(p, el.value, LIMITS.buttonValue, `${pointer}/value`);
    checkMaxString(p, el.url, LIMITS.buttonUrl, `${pointer}/url`);
    if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') p.add('must be one of primary, danger', `${pointer}/style`);
  } else if (type === 'image') {
    if (typeof el.image_url !== 'string' && !isObject(el.slack_file)) p.add('must provide a string', `${pointer}/image_url`);
    if (typeof el.alt_text !== 'string') p.add('must provide a string', `${pointer}/alt_text`);
    checkMaxString(p, el.alt_text, LIMITS.imageAltText, `${pointer}/alt_text`);
  } else if (type === 'static_select' || type === 'multi_static_select') {
    if (el.options === undefined && el.option_groups === undefined) p.add('must provide options or option_groups', pointer);
    checkOptions(p, el.options, LIMITS.selectOptions, `${pointer}/options`);
  } else if (type === 'overflow') {
    checkOptions(p, el.options, LIMITS.overflowOptions, `${pointer}/options`, 1);
    if (el.options === undefined) p.add('must provide an array', `${pointer}/options`);
  } else if (type === 'checkboxes' || type === 'radio_buttons') {
    checkOptions(p, el.options, LIMITS.checkboxOptions, `${pointer}/options`);
    if (el.options === undefined) p.add('must provide an array', `${pointer}/options`);
  }
  if (el.placeholder !== undefined) checkText(p, el.placeholder, { max: 150, plainOnly: true }, `${pointer}/placeholder`);
}

/** Bytes of the view as Slack would measure them: the JSON it receives. */
export function jsonBytes(v: unknown): number {
  return Buffer.byteLength(JSON.stringify(v) ?? '', 'utf8');
}
