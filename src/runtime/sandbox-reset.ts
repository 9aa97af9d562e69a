import type { Services } from '../app/context.js';
import { teamTag } from '../store/keys.js';

/** Deletes everything the bot keeps for one workspace: every key of a workspace carries its hash tag. */
export async function forgetTeam(s: Services, teamId: string): Promise<number> {
  const pattern = `${teamTag(teamId).replace(/[{}[\]*?\\]/g, (c) => `\\${c}`)}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await s.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) deleted += await s.redis.del(...found);
  } while (cursor !== '0');
  return deleted;
}
