import { z } from 'zod';
import { UsageError } from '../src/domain/errors.js';
import { KEY_TIME_LABEL, referenceTime, setKeyTime } from '../src/domain/lifecycle.js';
import { SETTABLE_KEY_TIMES, SettableKeyTime } from '../src/domain/key-times.js';
import { formatDayTime } from '../src/domain/time-format.js';
import { parseTimePhrase } from '../src/domain/time-parse.js';
import { applyRule } from '../src/app/apply.js';
import { defineCommand, firstWord, withUsage } from './kit.js';
import { closestWord } from '../src/domain/edit-distance.js';
import { escapeText } from '../src/slack/views/mrkdwn.js';

const usage = `time <${SETTABLE_KEY_TIMES.join('|')}> <time>`;

export default defineCommand({
  name: 'time',
  usage,
  summary: 'Set a key time for the postmortem (when impact started, was detected, mitigated, …)',
  examples: ['time started 7:00 PM', 'time detected 2023-05-13 19:00'],
  needsIncident: true,
  args: z.object({ key: SettableKeyTime, at: z.number().int() }),
  parse(text, ctx) {
    const [word, rest] = firstWord(text);
    const parsedKey = SettableKeyTime.safeParse(word.toLowerCase());
    if (!parsedKey.success) {
      const guess = word ? closestWord(word, SETTABLE_KEY_TIMES) : undefined;
      throw new UsageError(word ? `\`${escapeText(word)}\` is not a key time.${guess ? ` Did you mean \`${guess}\`?` : ''}` : 'Which key time?', usage);
    }
    const key = parsedKey.data;
    if (!rest) throw new UsageError(`When was it ${key}?`, usage);
    const { incident } = ctx.incident;
    // "started" may well be before the incident was declared, so read it against the declare time.
    const parsed = parseTimePhrase(rest, { zone: incident.timeZone, reference: referenceTime(incident), now: ctx.now });
    if (!parsed.ok) throw new UsageError(parsed.error, usage);
    return { key, at: parsed.at };
  },
  async run(args, ctx) {
    const { after } = await withUsage(
      usage,
      applyRule(ctx.services, ctx.teamId, ctx.incident.incident.number, (incident) =>
        setKeyTime(incident, { key: args.key, at: args.at, by: ctx.userId, source: 'command', now: ctx.now, ids: ctx.services.ids }),
        { after: ctx.after },
      ),
    );
    return { text: `:white_check_mark: ${KEY_TIME_LABEL[args.key]}: ${formatDayTime(args.at, after.timeZone)}.` };
  },
});
