import { LIMITS, Problems, checkElement, checkMaxString, checkText, isObject, jsonBytes } from './limits.js';

export interface BlockVerdict {
  /** The Slack error code: invalid_blocks, invalid_blocks_format, msg_blocks_too_long, invalid_arguments, view_too_large. */
  error: string;
  messages: string[];
}

/** The block types Slack renders; anything else is `invalid_blocks`. */
const BLOCK_TYPES = new Set(['section', 'header', 'context', 'actions', 'divider', 'input', 'image', 'rich_text', 'markdown', 'file', 'video']);

interface Tally {
  text: number;
  markdown: number;
  hasInput: boolean;
}

function checkBlock(p: Problems, b: unknown, at: string, tally: Tally): void {
  if (!isObject(b)) return p.add('must provide an object', at);
  const type = b.type;
  if (typeof type !== 'string' || !BLOCK_TYPES.has(type)) return p.add('must be a valid block type', `${at}/type`);
  checkMaxString(p, b.block_id, LIMITS.blockId, `${at}/block_id`);
  switch (type) {
    case 'section': {
      if (b.text === undefined && b.fields === undefined) p.add('must provide text or fields', at);
      if (b.text !== undefined) tally.text += checkText(p, b.text, { max: LIMITS.sectionText }, `${at}/text`);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields)) p.add('must provide an array', `${at}/fields`);
        else {
          if (b.fields.length > LIMITS.sectionFields) p.add(`must be less than ${LIMITS.sectionFields + 1} items`, `${at}/fields`);
          b.fields.forEach((f: unknown, i) => {
            tally.text += checkText(p, f, { max: LIMITS.sectionFieldText }, `${at}/fields/${i}`);
          });
        }
      }
      if (b.accessory !== undefined) checkElement(p, b.accessory, `${at}/accessory`);
      return;
    }
    case 'header':
      tally.text += checkText(p, b.text, { max: LIMITS.headerText, plainOnly: true }, `${at}/text`);
      return;
    case 'context': {
      if (!Array.isArray(b.elements) || b.elements.length === 0) return p.add('must provide at least 1 items', `${at}/elements`);
      if (b.elements.length > LIMITS.contextElements) p.add(`must be less than ${LIMITS.contextElements + 1} items`, `${at}/elements`);
      b.elements.forEach((e: unknown, i) => {
        const ep = `${at}/elements/${i}`;
        if (isObject(e) && e.type === 'image') checkElement(p, e, ep);
        else tally.text += checkText(p, e, { max: LIMITS.sectionText }, ep);
      });
      return;
    }
    case 'actions': {
      if (!Array.isArray(b.elements) || b.elements.length === 0) return p.add('must provide at least 1 items', `${at}/elements`);
      if (b.elements.length > LIMITS.actionsElements) p.add(`must be less than ${LIMITS.actionsElements + 1} items`, `${at}/elements`);
      const ids = new Set<string>();
      b.elements.forEach((e: unknown, i) => {
        checkElement(p, e, `${at}/elements/${i}`);
        const id = isObject(e) ? e.action_id : undefined;
        if (typeof id === 'string') {
          if (ids.has(id)) p.add(`action_id "${id}" is already used in this block`, `${at}/elements/${i}/action_id`);
          ids.add(id);
        }
      });
      return;
    }
    case 'input':
      tally.hasInput = true;
      checkText(p, b.label, { max: LIMITS.inputLabel, plainOnly: true }, `${at}/label`);
      if (b.hint !== undefined) checkText(p, b.hint, { max: LIMITS.inputLabel, plainOnly: true }, `${at}/hint`);
      if (b.element === undefined) p.add('must provide an object', `${at}/element`);
      else checkElement(p, b.element, `${at}/element`);
      return;
    case 'image':
      if (typeof b.image_url !== 'string' && !isObject(b.slack_file)) p.add('must provide a string', `${at}/image_url`);
      if (typeof b.alt_text !== 'string') p.add('must provide a string', `${at}/alt_text`);
      checkMaxString(p, b.alt_text, LIMITS.imageAltText, `${at}/alt_text`);
      if (b.title !== undefined) checkText(p, b.title, { max: LIMITS.imageAltText, plainOnly: true }, `${at}/title`);
      return;
    case 'rich_text':
      if (!Array.isArray(b.elements)) p.add('must provide an array', `${at}/elements`);
      return;
    case 'markdown':
      if (typeof b.text !== 'string') return p.add('must provide a string', `${at}/text`);
      tally.markdown += b.text.length;
      tally.text += b.text.length;
      return;
    default:
      return;
  }
}

function checkBlockList(p: Problems, blocks: unknown[], max: number, pointer: string): Tally {
  const tally: Tally = { text: 0, markdown: 0, hasInput: false };
  if (blocks.length > max) p.add(`must be less than ${max + 1} items`, pointer);
  const ids = new Set<string>();
  blocks.forEach((b, i) => {
    checkBlock(p, b, `${pointer}/${i}`, tally);
    const id = isObject(b) ? b.block_id : undefined;
    if (typeof id === 'string') {
      if (ids.has(id)) p.add(`block_id "${id}" is already used in this payload`, `${pointer}/${i}/block_id`);
      ids.add(id);
    }
  });
  if (tally.markdown > LIMITS.markdownBlockText) p.add(`markdown blocks must be less than ${LIMITS.markdownBlockText + 1} characters in total`, pointer);
  return tally;
}

/** Blocks of a message (chat.postMessage, chat.update, postEphemeral, response_url). Undefined when fine. */
export function validateMessageBlocks(blocks: unknown): BlockVerdict | undefined {
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format', messages: ['must provide an array [json-pointer:/blocks]'] };
  const p = new Problems();
  const tally = checkBlockList(p, blocks, LIMITS.messageBlocks, '/blocks');
  if (p.messages.length > 0) return { error: 'invalid_blocks', messages: p.messages };
  if (tally.text > LIMITS.cumulativeBlockText) {
    return { error: 'msg_blocks_too_long', messages: [`blocks carry ${tally.text} characters of text; the cap is about ${LIMITS.cumulativeBlockText}`] };
  }
  return undefined;
}

/** A modal for views.open / push / update, or a response_action update / push. */
export function validateView(view: unknown): BlockVerdict | undefined {
  if (!isObject(view)) return { error: 'invalid_arguments', messages: ['[ERROR] must provide an object [json-pointer:/view]'] };
  if (jsonBytes(view) > LIMITS.viewBytes) return { error: 'view_too_large', messages: [] };
  const p = new Problems();
  if (view.type !== 'modal') p.add('must be modal (home tabs go through views.publish)', '/view/type');
  checkText(p, view.title, { max: LIMITS.modalTitle, plainOnly: true }, '/view/title');
  if (view.submit !== undefined) checkText(p, view.submit, { max: LIMITS.modalButton, plainOnly: true }, '/view/submit');
  if (view.close !== undefined) checkText(p, view.close, { max: LIMITS.modalButton, plainOnly: true }, '/view/close');
  checkMaxString(p, view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  checkMaxString(p, view.callback_id, LIMITS.callbackId, '/view/callback_id');
  checkMaxString(p, view.external_id, LIMITS.callbackId, '/view/external_id');
  if (!Array.isArray(view.blocks)) p.add('must provide an array', '/view/blocks');
  else {
    const tally = checkBlockList(p, view.blocks, LIMITS.modalBlocks, '/view/blocks');
    if (tally.hasInput && view.submit === undefined) p.add('must provide submit when the view has input blocks', '/view/submit');
  }
  if (p.messages.length === 0) return undefined;
  return { error: 'invalid_arguments', messages: p.messages.map((m) => `[ERROR] ${m}`) };
}
