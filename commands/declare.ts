import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { Declaration, Title } from '../src/domain/declaration.js';
import { looksLikeSeverity, notASeverity, parseSeverity, Severity, SEVERITY_SPELLINGS } from '../src/domain/severity.js';
import { defineCommand } from './kit.js';
import { declareIncident, finishSetup, pendingSetupOf, waitingOnJob } from '../src/app/declare.js';
import { noticeFor, setupReply, waitingText } from '../src/app/setup-notices.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = 'declare [sev1|sev2|sev3|sev4] <title> [impact: <text>] [policy:<name>]';
const HOW = `Severity: ${SEVERITY_SPELLINGS}.`;

/** The declaration's own fields; the title may be empty here, to finish an interrupted setup. */
const Args = Declaration.pick({ impact: true, policy: true }).extend({
  title: Title,
  severity: Severity.optional(),
});

/** `sev2 Checkout down impact: 40% of orders fail` → severity, title, impact; sevN may also end the title. */
export function parseDeclareText(input: string): z.input<typeof Args> {
  // `policy:dba` or `policy:"Senior engineering"` may appear anywhere; it is not part of the title.
  const policyMatch = /(?:^|\s)policy:(?:"([^"]*)"|(\S*))/i.exec(input);
  const policy = policyMatch ? (policyMatch[1] ?? policyMatch[2] ?? '') : undefined;
  const text = policyMatch ? input.slice(0, policyMatch.index) + input.slice(policyMatch.index + policyMatch[0].length) : input;
  const impactAt = text.search(/\bimpact:/i);
  const head = impactAt === -1 ? text : text.slice(0, impactAt);
  const impact = impactAt === -1 ? undefined : text.slice(impactAt + 'impact:'.length).trim();
  const words = head.trim().split(/\s+/).filter(Boolean);
  let severity: Severity | undefined;
  // "S3 bucket is public" is about Amazon S3: in a title, S3 is read as a severity only when spelled sev3 or P3.
  const first = words[0] && !/^s3$/i.test(words[0]) ? parseSeverity(words[0]) : undefined;
  // `sev0 Everything down` meant a severity; saving it as SEV3 titled "sev0 …" would twist it.
  if (!first && words[0] && looksLikeSeverity(words[0]) && !/^s3$/i.test(words[0])) throw new UsageError(notASeverity(escapeText(words[0])), usage);
  const last = words.length > 1 ? parseSeverity(words[words.length - 1] ?? '', { shortForms: false }) : undefined;
  if (first) {
    severity = first;
    words.shift();
  } else if (last) {
    severity = last;
    words.pop();
  }
  return { title: words.join(' '), ...(severity ? { severity } : {}), ...(impact !== undefined ? { impact } : {}), ...(policy !== undefined ? { policy } : {}) };
}

export default defineCommand({
  name: 'declare',
  aliases: ['new', 'start'],
  usage,
  summary: `Declare an incident: opens its channel, invites you, pins a live summary card (\`/incident\` alone opens a form). ${HOW}`,
  examples: ['declare sev2 Checkout returns 502 impact: about 40% of orders fail'],
  needsIncident: false,
  args: Args,
  parse: parseDeclareText,
  async run(args, ctx) {
    const s = ctx.services;
    // Finishing an interrupted setup beats opening a second incident for the same outage.
    const inChannel = ctx.incident && !ctx.incident.incident.setup.complete ? ctx.incident.incident : undefined;
    const pending = inChannel ?? (await pendingSetupOf(s, ctx.teamId, ctx.userId));
    const notice = noticeFor(s, ctx.userId, ctx.responseUrl);
    if (pending && (args.title === '' || args.title.toLowerCase() === pending.title.toLowerCase())) {
      // Paused for Slack's rate limit with its job due: running it again would only queue it twice.
      const waiting = pending.setup.waiting;
      if (waiting && waitingOnJob(pending, s.now())) return { text: waitingText(pending, waiting, s.now(), { resumed: true }) };
      return setupReply(await finishSetup(s, pending, notice), { resumed: true, now: s.now() });
    }
    if (args.title === '') throw new UsageError('Give the incident a title.', usage);
    await ctx.progress(`:hourglass_flowing_sand: Declaring *${escapeText(args.title)}*…`);
    const result = await declareIncident(s, {
      teamId: ctx.teamId,
      userId: ctx.userId,
      title: args.title,
      severity: args.severity ?? s.config.DEFAULT_SEVERITY,
      ...(args.impact !== undefined ? { impact: args.impact } : {}),
      ...(args.policy !== undefined ? { policy: args.policy } : {}),
      private: false,
      source: 'command',
    }, notice);
    return setupReply(result, { now: s.now() });
  },
});
