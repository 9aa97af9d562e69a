import { z } from 'zod';
import { matchLevel } from '../src/domain/escalation.js';
import { defineCommand, firstWord, refuseBareMentions } from './kit.js';
import { escalateIncident } from '../src/app/escalation.js';
import { parseGroupMention, parseMention } from '../src/slack/views/mentions.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = 'escalate [<level name>|@person|@group] [<reason>]';

const Target = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('next') }),
  z.object({ kind: z.literal('level'), index: z.number().int().min(0) }),
  z.object({ kind: z.literal('user'), id: z.string() }),
  z.object({ kind: z.literal('group'), id: z.string() }),
]);

export default defineCommand({
  name: 'escalate',
  aliases: ['page'],
  usage,
  summary: 'Page the next level of the escalation policy now, or a named level, person or user group',
  examples: ['escalate no improvement after CPU investigation', 'escalate Senior engineering DB still deadlocking', 'escalate @cy knows the billing schema'],
  needsIncident: true,
  args: z.object({
    target: Target,
    reason: z.string().trim().max(3000, 'Keep the reason under 3,000 characters.').optional(),
  }),
  parse(text, ctx) {
    const [word, rest] = firstWord(text);
    // `escalate @dave db down` with no such person must not fall through to "page the next level".
    if (word.startsWith('@')) refuseBareMentions(word, usage);
    const user = parseMention(word);
    if (user) return { target: { kind: 'user' as const, id: user }, ...(rest ? { reason: rest } : {}) };
    const group = parseGroupMention(word);
    if (group) return { target: { kind: 'group' as const, id: group }, ...(rest ? { reason: rest } : {}) };
    const level = matchLevel(ctx.incident.incident.policy, text);
    if (level) return { target: { kind: 'level' as const, index: level.index }, ...(level.rest ? { reason: level.rest } : {}) };
    return { target: { kind: 'next' as const }, ...(text.trim() ? { reason: text.trim() } : {}) };
  },
  async run(args, ctx) {
    const { incident, outcome } = await escalateIncident(ctx.services, ctx.teamId, ctx.incident.incident.number, {
      target: args.target,
      reason: args.reason,
      by: ctx.userId,
      source: 'command',
      after: ctx.after,
    });
    const page = outcome.page !== undefined ? incident.escalation?.pages[outcome.page] : undefined;
    const who = page?.name ? `*${escapeText(page.name)}*` : [...(page?.users ?? []).map((u) => `<@${u}>`), ...(page?.groups ?? []).map((g) => `user group ${g}`)].join(', ');
    const timer = outcome.arm ? ' If nobody acknowledges, the next step follows automatically.' : '';
    return { text: `:pager: Paging ${who} now: a DM with an Acknowledge button, and an invite to this channel.${timer}` };
  },
});
