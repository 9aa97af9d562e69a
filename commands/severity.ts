import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { changeSeverity } from '../src/domain/lifecycle.js';
import { notASeverity, parseSeverity, Severity, SEVERITY_SPELLINGS, severityLabel } from '../src/domain/severity.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand, firstWord } from './kit.js';

const usage = 'severity <sev1|sev2|sev3|sev4> [<reason>]';

export default defineCommand({
  name: 'severity',
  aliases: ['sev'],
  usage,
  summary: `Raise or lower the severity, with a reason (${SEVERITY_SPELLINGS})`,
  examples: ['severity sev1 all logins failing now'],
  needsIncident: true,
  access: 'lead',
  verb: 'change the severity of',
  args: z.object({ severity: Severity, reason: z.string().trim().max(3000).optional() }),
  parse(text) {
    const [word, rest] = firstWord(text);
    const severity = parseSeverity(word);
    if (!severity) throw new UsageError(word ? notASeverity(escapeText(word)) : `Which severity? Use one of ${SEVERITY_SPELLINGS}.`, usage);
    return { severity, ...(rest ? { reason: rest } : {}) };
  },
  async run(args, ctx) {
    const { after } = await applyRule(ctx.services, ctx.teamId, ctx.incident.incident.number, (incident) =>
      changeSeverity(incident, { severity: args.severity, reason: args.reason, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids }),
      { after: ctx.after },
    );
    return { text: `:white_check_mark: Severity is now *${severityLabel(after.severity)}*.` };
  },
});
