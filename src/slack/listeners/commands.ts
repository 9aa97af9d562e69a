import type { App } from '@slack/bolt';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { commands, findCommand, suggestCommand } from '../../../commands/index.js';
import { helpReply } from '../../../commands/help.js';
import { UsageError } from '../../domain/errors.js';
import { incidentLabel, visibleTo } from '../../domain/incident.js';
import { commandDuration } from '../../telemetry/metrics.js';
import type { Services } from '../../app/context.js';
import type { CommandContext, Reply } from '../../../commands/kit.js';
import { firstWord } from '../../../commands/kit.js';
import { collectAfterReply, type AfterReply } from '../../app/after-reply.js';
import { declareModal } from '../views/declare-modal.js';
import { escapeText, forSlackPayload, normalizeMentions, unescapeSlack } from '../views/mrkdwn.js';
import { errorReply } from '../views/error-replies.js';
import { checkAccess } from '../../app/permissions.js';

export interface SlashCommandInput {
  teamId: string;
  userId: string;
  channelId: string;
  triggerId: string;
  text: string;
  /** Where news after the reply goes (Slack takes 5 posts within 30 minutes). */
  responseUrl?: string;
}

async function openIncidentsHint(s: Services, team: string, user: string): Promise<string> {
  const { incidents: open, total } = await s.incidents.openIncidentsPage(team, 1, 10, (i) => visibleTo(i, user));
  if (total === 0) return 'There are no open incidents; `/incident declare <title>` starts one.';
  const list = open.map((i) => `${incidentLabel(i)} ${i.setup.channelId ? `<#${i.setup.channelId}>` : ''} ${escapeText(i.title)}`.trim());
  return `Open incidents:\n${list.map((l) => `• ${l}`).join('\n')}${total > 10 ? `\n…and ${total - 10} more (\`/incident list\`)` : ''}`;
}

/** Runs one `/incident …` after it was acknowledged; always produces the reply for the person who typed. */
/** The services with their incident store watched: did this command save anything before it failed? */
function watchingSaves(s: Services): { services: Services; saved: () => boolean } {
  let saved = false;
  const { incidents } = s;
  const watched: typeof incidents = {
    ...incidents,
    save: async (...args) => {
      const r = await incidents.save(...args);
      if (r.ok) saved = true;
      return r;
    },
    mutate: async (...args) => {
      const r = await incidents.mutate(...args);
      if (r.changed) saved = true;
      return r;
    },
  };
  return { services: { ...s, incidents: watched }, saved: () => saved };
}

export async function dispatchCommand(outer: Services, input: SlashCommandInput, progress: (text: string) => Promise<void>, after?: AfterReply): Promise<Reply> {
  const watching = watchingSaves(outer);
  let s = watching.services;
  const saved = watching.saved;
  const text = normalizeMentions(unescapeSlack(input.text)).trim();
  const [word, rest] = firstWord(text);
  const spec = findCommand(word);
  if (!spec) {
    const guess = suggestCommand(word);
    // A typo gets the one command it was probably meant to be; the whole help only when nothing is close.
    if (guess) return { text: `:warning: \`${escapeText(word)}\` is not a warroom command. Did you mean \`${guess.name}\`?\nUsage: \`/incident ${guess.usage}\`\n${guess.summary}` };
    return helpReply(commands, `:warning: \`${escapeText(word)}\` is not a warroom command.`);
  }
  try {
    const incidentNumber = await s.incidents.findByChannel(input.teamId, input.channelId);
    if (incidentNumber !== undefined) s = { ...s, log: s.log.child({ incident: incidentNumber }) };
    const recent = spec.needsIncident && spec.recentIncidentWillDo;
    const loaded = incidentNumber ? await (recent ? s.incidents.loadRecent : s.incidents.load)(input.teamId, incidentNumber) : undefined;
    const ctx: CommandContext = {
      services: s,
      teamId: input.teamId,
      userId: input.userId,
      channelId: input.channelId,
      triggerId: input.triggerId,
      now: s.now(),
      ...(loaded ? { incident: loaded } : {}),
      ...(after ? { after } : {}),
      ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
      progress,
    };
    if (spec.needsIncident) {
      if (!loaded) {
        throw new UsageError(`\`/incident ${spec.name}\` works in an incident's channel, and this is not one.\n${await openIncidentsHint(s, input.teamId, input.userId)}`);
      }
      const incidentCtx = { ...ctx, incident: loaded };
      // Refused before reading the rest: no point fixing the syntax of what one may not do.
      await checkAccess(s, input.teamId, loaded.incident, input.userId, spec.access ?? 'change', spec.verb ?? 'change');
      const args = validate(spec.args, spec.parse(rest, incidentCtx), spec.usage);
      return await spec.run(args, incidentCtx);
    }
    const args = validate(spec.args, spec.parse(rest, ctx), spec.usage);
    return await spec.run(args, ctx);
  } catch (err) {
    return { text: errorReply(err, s.log, { command: spec.name, team: input.teamId, user: input.userId }, { saved: saved() }) };
  }
}

function validate<S extends z.ZodType>(schema: S, input: unknown, usage: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new UsageError(parsed.error.issues.map((i) => i.message).join(' '), usage);
}

/**
 * Slack waits 3 s for the ack and shows the ack's body to the person who typed, like any
 * ephemeral reply. How a command answers depends on how busy this process is:
 * - idle (fewer than ANSWER_IN_ACK_FROM other commands in flight): ack at once, then work and
 *   answer through the response_url. The ack then costs what Bolt's own costs (a Redis round
 *   trip before it measured +0.3 ms, about a third of the whole ack).
 * - busy: work first and answer in the ack (ACK_DEADLINE_MS at most, else through the
 *   response_url). One HTTP exchange instead of two is ~25% less CPU per note, and a sender that
 *   waits for its acks is slowed to the pace the work is really done at, instead of piling up
 *   work behind fast empty acks (measured: 3,463 acks/s with 19 notes/s saved).
 * - swamped (ACK_FIRST_IN_FLIGHT or more): ack at once again. A stalled Redis or a saturated
 *   event loop cannot keep the deadline (acks took 5.5 s at 1,000 notes/s when a note cost
 *   1.6 ms of CPU); acking first keeps Slack's 3 s and the answers queue instead.
 */
export const ACK_DEADLINE_MS = 1_500;
export const ANSWER_IN_ACK_FROM = 4;
export const ACK_FIRST_IN_FLIGHT = 64;

/** An ack leaves by Bolt's HTTP response, not slackFetch, so it crosses the escape boundary here. */
function ephemeral(reply: Reply): { response_type: 'ephemeral'; text: string; blocks?: Reply['blocks'] } {
  return forSlackPayload({ response_type: 'ephemeral', text: reply.text, ...(reply.blocks ? { blocks: reply.blocks } : {}) });
}

export function registerCommandListener(app: App, s: Services, ackDeadlineMs = ACK_DEADLINE_MS): void {
  /** Commands of this app still being worked on; decides how the next one is acked. */
  let inFlight = 0;
  app.command('/incident', async ({ command, ack, respond, client }) => {
    const input: SlashCommandInput = {
      teamId: command.team_id,
      userId: command.user_id,
      channelId: command.channel_id,
      triggerId: command.trigger_id,
      text: command.text ?? '',
      responseUrl: command.response_url,
    };
    if (input.text.trim() === '') {
      // The trigger_id also expires in 3 s: ack, then open the form at once.
      await ack();
      try {
        await client.views.open({ trigger_id: input.triggerId, view: declareModal(s.config.DEFAULT_SEVERITY, input.channelId, s.settings.escalation.policies.map((p) => p.name)) });
      } catch (err) {
        await respond({ response_type: 'ephemeral', text: errorReply(err, s.log, { command: 'modal' }) });
      }
      return;
    }
    let acked = false;
    /** Acks once; false when the ack already went, so the caller answers through the response_url. */
    const ackWith = async (reply?: Reply): Promise<boolean> => {
      if (acked) return false;
      acked = true;
      await ack(reply ? ephemeral(reply) : undefined);
      return true;
    };
    const others = inFlight++;
    if (others < ANSWER_IN_ACK_FROM || others >= ACK_FIRST_IN_FLIGHT) await ackWith();
    const deadline = acked ? undefined : setTimeout(() => void ackWith().catch(() => undefined), ackDeadlineMs);
    const stop = commandDuration.startTimer({ subcommand: findCommand(firstWord(input.text)[0])?.name ?? 'unknown' });
    const log = s.log.child({ requestId: randomUUID(), team: input.teamId, user: input.userId, command: findCommand(firstWord(input.text)[0])?.name ?? 'unknown' });
    const scoped: Services = { ...s, log };
    const { after, runDeferred } = collectAfterReply(s.afterReplies, (err) => log.warn('work after the reply failed', { err }));
    try {
      const reply = await dispatchCommand(scoped, input, async (text) => {
        // A progress note ("Declaring…") goes out as the ack, so Slack hears back at once.
        if (!(await ackWith({ text }))) await respond({ response_type: 'ephemeral', text }).catch(() => undefined);
      }, after);
      if (!(await ackWith(reply))) {
        await respond(ephemeral(reply)).catch((err: unknown) => log.warn('could not deliver command reply', { err }));
      }
      const outcome = reply.text.startsWith(':x:') ? 'error' : reply.text.startsWith(':warning:') ? 'refused' : 'ok';
      const seconds = stop({ outcome });
      log.info('command', { outcome, ms: Math.round(seconds * 1000) });
    } finally {
      clearTimeout(deadline);
      inFlight--;
      // Never leave Slack without an ack, whatever happened above.
      await ackWith().catch(() => undefined);
      await runDeferred();
    }
  });
}
