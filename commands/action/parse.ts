import { ActionItemKind, parseActionItemId } from '../../src/domain/action-item.js';
import { extractDue } from '../../src/domain/due-date.js';
import { UsageError } from '../../src/domain/errors.js';
import { MAX_ACTION_TEXT } from '../../src/domain/action-item-rules.js';
import { firstWord, refuseBareMentions } from '../kit.js';
import { closestWord } from '../../src/domain/edit-distance.js';
import { parseGroupMention, parseMention } from '../../src/slack/views/mentions.js';
import { escapeText } from '../../src/slack/views/mrkdwn.js';

export const ACTION_USAGE = {
  add: 'action add <text> [<@owner>] [due <date>] [corrective|preventive]',
  list: 'action list',
  done: 'action done <id>',
  reopen: 'action reopen <id>',
  cancel: 'action cancel <id>',
  assign: 'action assign <id> <@owner>',
  due: 'action due <id> <date|none>',
} as const;
export type ActionItemSub = keyof typeof ACTION_USAGE;

export const ACTION_SUBS = Object.keys(ACTION_USAGE) as ActionItemSub[];

const SUB_ALIASES: Record<string, ActionItemSub> = {
  add: 'add', new: 'add', create: 'add',
  list: 'list', ls: 'list',
  done: 'done', finish: 'done', finished: 'done', complete: 'done', close: 'done',
  reopen: 'reopen', undo: 'reopen',
  cancel: 'cancel', drop: 'cancel',
  assign: 'assign', owner: 'assign',
  due: 'due',
};

export function parseSub(word: string): ActionItemSub | undefined {
  return SUB_ALIASES[word.toLowerCase()];
}

/** `/incident action ad …` → add, when a subcommand name or alias is a keystroke or two away. */
export function suggestSub(word: string): ActionItemSub | undefined {
  const close = closestWord(word, Object.keys(SUB_ALIASES));
  return close === undefined ? undefined : SUB_ALIASES[close];
}

export interface ParsedAdd {
  text: string;
  owner?: string;
  due?: string;
  kind: ActionItemKind;
}

const KIND_WORD = /^(corrective|preventive)[.,;]?$/i;

/**
 * `<text> [<@owner>] [due <date>] [corrective|preventive]`: the due phrase may sit anywhere
 * (`due` followed by something that is not a date stays in the text, like "due diligence");
 * owner and kind are read from the end, in any order, so a mention inside the text stays text.
 */
export function parseAddText(input: string, opts: { zone: string; now: number }): ParsedAdd {
  const usage = ACTION_USAGE.add;
  refuseBareMentions(input, usage);
  const due = extractDue(input, opts);
  if (!due.ok) throw new UsageError(due.error, usage);
  let rest = due.rest.trim();
  let owner: string | undefined;
  let kind: ActionItemKind | undefined;
  for (;;) {
    const m = /(?:^|\s)(\S+)$/.exec(rest);
    const token = m?.[1];
    if (!m || !token) break;
    const kindMatch = KIND_WORD.exec(token);
    if (kindMatch?.[1] && !kind) {
      kind = ActionItemKind.parse(kindMatch[1].toLowerCase());
    } else if (parseMention(token) && !owner) {
      owner = parseMention(token);
    } else if (parseMention(token) && owner) {
      // `@cy @bo`: keeping one and leaving the other in the text would twist what was asked.
      throw new UsageError(
        `An action item has one owner, and this names ${token} and <@${owner}>. Add one item per owner, or name one owner and mention the other inside the text.`,
        usage,
      );
    } else if (parseGroupMention(token) && !owner) {
      throw new UsageError('An action item is owned by one person, not a group: mention someone with @.', usage);
    } else {
      break;
    }
    rest = rest.slice(0, m.index).trimEnd();
  }
  const text = rest.replace(/[\s,;:–—-]+$/, '').trim();
  if (!text) throw new UsageError('Write what should be done, e.g. `action add Alert on DB connection errors @bo due friday preventive`.', usage);
  if (text.length > MAX_ACTION_TEXT) throw new UsageError(`An action item can be at most ${MAX_ACTION_TEXT.toLocaleString('en-US')} characters; link to a doc for the details.`, usage);
  return { text, kind: kind ?? 'corrective', ...(owner ? { owner } : {}), ...(due.date ? { due: due.date } : {}) };
}

/** `<id> …rest` for the subcommands that act on one item. */
export function parseIdArg(text: string, sub: ActionItemSub): { id: number; rest: string } {
  const [word, rest] = firstWord(text);
  if (!word) throw new UsageError('Which action item? Give its id, like `A12` (`/incident action list` shows them).', ACTION_USAGE[sub]);
  const id = parseActionItemId(word);
  if (id === undefined) throw new UsageError(`\`${escapeText(word)}\` is not an action item id; they look like \`A12\`.`, ACTION_USAGE[sub]);
  return { id, rest };
}
