import { z } from 'zod';

export const UserId = z.string().regex(/^[UW][A-Z0-9]+$/, 'must be a Slack user');

/** A Slack mention as sent with should_escape (`<@U123|ana>` or `<@U123>`). */
export function parseMention(word: string): string | undefined {
  return /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word.trim())?.[1];
}

/** A user-group mention (`<!subteam^S123|@dbas>`). */
export function parseGroupMention(word: string): string | undefined {
  return /^<!subteam\^([A-Z0-9]+)(?:\|[^>]*)?>$/.exec(word.trim())?.[1];
}
