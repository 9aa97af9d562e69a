import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { assignRole } from '../src/domain/lifecycle.js';
import { parseRole, Role, ROLE_LABEL, ROLES } from '../src/domain/roles.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand, refuseBareMentions } from './kit.js';
import { inviteToIncident } from '../src/app/invite.js';
import { parseMention, UserId } from '../src/slack/views/mentions.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = `role <${ROLES.join('|')}> <@user>`;

export default defineCommand({
  name: 'role',
  aliases: ['assign'],
  usage,
  summary: 'Give someone a role (commander, comms, scribe); they are invited to the channel',
  examples: ['role commander @ana', 'role scribe @bo'],
  needsIncident: true,
  args: z.object({ role: Role, user: UserId }),
  parse(text) {
    // The role and the person in either order (`role @bo scribe` too); a second person is refused, never dropped.
    const words = text.trim().split(/\s+/).filter(Boolean);
    const people = [...new Set(words.map(parseMention).filter((u): u is string => u !== undefined))];
    const others = words.filter((w) => parseMention(w) === undefined);
    if (people.length > 1) {
      throw new UsageError(`A role goes to one person, and this names ${people.map((u) => `<@${u}>`).join(' and ')}. Give the role to one of them.`, usage);
    }
    const plain = others.filter((w) => !w.startsWith('@'));
    const [roleWord = '', who = others.find((w) => w.startsWith('@'))] = plain;
    const role = parseRole(roleWord);
    if (!role) throw new UsageError(roleWord ? `\`${escapeText(roleWord)}\` is not a role.` : 'Which role?', usage);
    refuseBareMentions(others.join(' '), usage);
    const user = people[0];
    if (!user) throw new UsageError(who ? `\`${escapeText(who)}\` is not a Slack mention: type @ and pick the person from the list.` : 'Who should take the role?', usage);
    return { role, user };
  },
  async run(args, ctx) {
    const { after } = await applyRule(ctx.services, ctx.teamId, ctx.incident.incident.number, (incident) =>
      assignRole(incident, { role: args.role, user: args.user, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids }),
      { after: ctx.after },
    );
    const invited = await inviteToIncident(ctx.services, after, [args.user]);
    return { text: `:white_check_mark: <@${args.user}> is now ${ROLE_LABEL[args.role]}.${invited ? '' : ' (I could not invite them to the channel; please add them.)'}` };
  },
});
