import { UsageError } from '../../src/domain/errors.js';
import { referenceTime } from '../../src/domain/lifecycle.js';
import { parseTimePhrase } from '../../src/domain/time-parse.js';
import type { Correction } from '../../src/domain/corrections.js';
import { formatDayTime } from '../../src/domain/time-format.js';
import { correctTimelineEntry } from '../../src/app/corrections.js';
import type { IncidentContext, Reply } from '../kit.js';
import { firstWord } from '../kit.js';

export const CORRECTION_USAGE = 'timeline edit E<n> <text> | timeline move E<n> <time> | timeline delete E<n>';

export interface CorrectionArgs {
  position: number;
  ref: string;
  correction: Correction;
}

/** `edit E12 <text>`, `move E12 <time>`, `delete E12` → what to correct; anything else is a usage error. */
export function parseCorrection(op: 'edit' | 'move' | 'delete', rest: string, ctx: IncidentContext): CorrectionArgs {
  const [word, tail] = firstWord(rest);
  const m = /^E?(\d{1,7})$/i.exec(word);
  if (!m) {
    throw new UsageError(
      word ? `\`${word}\` is not an entry number; entries are numbered E1, E2 … in \`/incident timeline\`.` : `Which entry? Give its number, e.g. \`/incident timeline ${op} E12${op === 'delete' ? '' : ' …'}\`.`,
      CORRECTION_USAGE,
    );
  }
  const position = Number(m[1]);
  const ref = `E${position}`;
  if (op === 'delete') {
    if (tail.trim()) throw new UsageError(`\`delete ${ref}\` takes nothing after the number.`, CORRECTION_USAGE);
    return { position, ref, correction: { op } };
  }
  if (op === 'edit') {
    if (!tail.trim()) throw new UsageError(`Write the corrected text after ${ref}.`, CORRECTION_USAGE);
    return { position, ref, correction: { op, text: tail.trim() } };
  }
  if (!tail.trim()) throw new UsageError(`When did ${ref} happen? Give the time after the number.`, CORRECTION_USAGE);
  const { incident } = ctx.incident;
  // Every form the refusals list (`10 min ago`, `at 14:05`, `yesterday 17:05`), as for `/incident time`, not only clock times.
  const parsed = parseTimePhrase(tail, { zone: incident.timeZone, reference: referenceTime(incident), now: ctx.now });
  if (!parsed.ok) throw new UsageError(parsed.error, CORRECTION_USAGE);
  return { position, ref, correction: { op, at: parsed.at } };
}

export async function runCorrection(args: CorrectionArgs, ctx: IncidentContext): Promise<Reply> {
  const { entry } = await correctTimelineEntry(ctx.services, ctx.teamId, ctx.incident.incident.number, { ...args, by: ctx.userId }, ctx.after);
  const zone = ctx.incident.incident.timeZone;
  const kept = 'The earlier version stays in its history, and the correction is on the timeline.';
  switch (args.correction.op) {
    case 'edit':
      return { text: `:pencil2: ${args.ref} corrected. ${kept}` };
    case 'move':
      return { text: `:pencil2: ${args.ref} moved to ${formatDayTime(entry.at, zone)}; its number may change (\`/incident timeline\`). ${kept}` };
    case 'delete':
      return { text: `:wastebasket: ${args.ref} struck from the timeline. It stays in the record (struck out in the postmortem's full record), and the deletion is on the timeline.` };
  }
}
