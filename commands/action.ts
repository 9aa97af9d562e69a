import { z } from 'zod';
import { ActionItemKind } from '../src/domain/action-item.js';
import { UsageError } from '../src/domain/errors.js';
import { defineCommand, firstWord, type CommandContext } from './kit.js';
import { parseMention, UserId } from '../src/slack/views/mentions.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { addItem, assignItem, cancelItem, doneItem, listItems, reopenItem, setDueItem } from './action/handlers.js';
import { ACTION_SUBS, ACTION_USAGE, parseAddText, parseIdArg, parseSub, suggestSub } from './action/parse.js';

const usage = 'action add|list|done|reopen|assign|due|cancel …';
const Id = z.number().int().positive();

const Args = z.discriminatedUnion('sub', [
  z.object({ sub: z.literal('add'), text: z.string().min(1), owner: UserId.optional(), due: z.iso.date().optional(), kind: ActionItemKind }),
  z.object({ sub: z.literal('list') }),
  z.object({ sub: z.literal('done'), id: Id }),
  z.object({ sub: z.literal('reopen'), id: Id }),
  z.object({ sub: z.literal('cancel'), id: Id }),
  z.object({ sub: z.literal('assign'), id: Id, owner: UserId }),
  z.object({ sub: z.literal('due'), id: Id, phrase: z.string() }),
]);

function incidentOf(ctx: CommandContext, what: string) {
  if (!ctx.incident) {
    throw new UsageError(`\`/incident action ${what}\` works in an incident's channel (open or closed), and this is not one. Ids like \`A12\` work anywhere: \`/incident action done A12\`.`);
  }
  return ctx.incident.incident;
}

/**
 * `add` and `list` belong to the incident of the channel; the others take a workspace-wide id,
 * so an owner can finish an item from anywhere, long after the incident channel went quiet.
 */
export default defineCommand({
  name: 'action',
  usage,
  summary: 'Action items: `add <text> [@owner] [due <date>] [corrective|preventive]`, `list`, `done|reopen|cancel <id>`, `assign <id> @owner`, `due <id> <date>`',
  examples: ['action add Alert on DB connection errors @bo due friday preventive', 'action list', 'action done A3', 'action due A3 in 3 days'],
  needsIncident: false,
  args: Args,
  parse(text, ctx): z.input<typeof Args> {
    const [word, rest] = firstWord(text);
    const sub = word ? parseSub(word) : 'list';
    if (!sub) {
      const guess = suggestSub(word);
      if (guess) throw new UsageError(`\`${escapeText(word)}\` is not an action command. Did you mean \`${guess}\`?`, ACTION_USAGE[guess]);
      throw new UsageError(`\`${escapeText(word)}\` is not an action command. Use one of: ${ACTION_SUBS.map((s) => `\`${s}\``).join(', ')}.`, usage);
    }
    switch (sub) {
      case 'add': {
        const incident = incidentOf(ctx, 'add');
        return { sub, ...parseAddText(rest, { zone: incident.timeZone, now: ctx.now }) };
      }
      case 'list':
        incidentOf(ctx, 'list');
        return { sub };
      case 'done':
      case 'reopen':
      case 'cancel':
        return { sub, id: parseIdArg(rest, sub).id };
      case 'assign': {
        const { id, rest: who } = parseIdArg(rest, sub);
        const [mention] = firstWord(who);
        const owner = parseMention(mention);
        if (!owner) throw new UsageError(mention ? `\`${escapeText(mention)}\` is not a Slack mention: type @ and pick the person.` : 'Who should own it?', ACTION_USAGE.assign);
        return { sub, id, owner };
      }
      case 'due': {
        const { id, rest: phrase } = parseIdArg(rest, sub);
        return { sub, id, phrase };
      }
    }
  },
  async run(args, ctx) {
    switch (args.sub) {
      case 'add':
        return addItem(ctx, incidentOf(ctx, 'add'), args);
      case 'list':
        return listItems(ctx, incidentOf(ctx, 'list'));
      case 'done':
        return doneItem(ctx, args.id);
      case 'reopen':
        return reopenItem(ctx, args.id);
      case 'cancel':
        return cancelItem(ctx, args.id);
      case 'assign':
        return assignItem(ctx, args.id, args.owner);
      case 'due':
        return setDueItem(ctx, args.id, args.phrase);
    }
  },
});
