import type { Services } from '../app/context.js';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { Redis } from 'ioredis';
import { teamTag } from '../store/keys.js';
import type { RedisClient } from '../store/redis.js';

/** The workspace id of sandboxes saved before each fresh workspace got an id of its own. */
export const SANDBOX_TEAM = 'T0WARROOM';

/** The id of the workspace saved in `workspaceFile`: fresh ones are T0WR + random, so a Redis shared by several clones never mixes them. */
export function savedTeamId(workspaceFile: string): string {
  try {
    const saved: unknown = JSON.parse(readFileSync(workspaceFile, 'utf8'));
    if (saved && typeof saved === 'object' && 'teamId' in saved && typeof saved.teamId === 'string' && saved.teamId !== '') return saved.teamId;
  } catch {
    // No file, or an unreadable one: the sandbox starts a fresh workspace anyway.
  }
  return SANDBOX_TEAM;
}

/**
 * The job queues' hash tag of one sandbox workspace. Every sandbox on a machine uses the same Redis
 * (6379 by default), so with the shared default tag one sandbox's worker ran another's pages and
 * timers against its own pretend Slack, where the channels do not exist, and the page was lost.
 */
export function sandboxJobTag(teamId: string): string {
  return `wr-sandbox-${teamId.toLowerCase()}`;
}

/** Where the sandbox keeps what you tried, printed by the terminal's `where`: the keys named are this workspace's. */
export function whereStateLives(redisUrl: string, workspaceFile: string, teamId: string): string[] {
  return [
    `State: incidents, timelines and action items in Redis at ${redisUrl} (keys ${teamTag(teamId)}:*);`,
    `  the pretend Slack workspace (channels, messages, files) in ${workspaceFile}.`,
    '  Start over with `npm run sandbox -- --reset`.',
  ];
}

/**
 * Forgets everything the saved sandbox workspace did: its keys in Redis (only that workspace's, so a
 * Redis shared with anything else keeps the rest), its job queues (timers and pages still queued)
 * and the saved Slack workspace.
 */
export async function resetSandbox(redisUrl: string, workspaceFile: string): Promise<string[]> {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  let deleted = 0;
  try {
    // The workspace's keys and its job queues' (every sandbox has queues of its own).
    const team = savedTeamId(workspaceFile);
    deleted += await deleteKeysStartingWith(redis, `${teamTag(team)}:`);
    deleted += await deleteKeysStartingWith(redis, `{${sandboxJobTag(team)}`);
  } finally {
    redis.disconnect();
  }
  const hadFile = existsSync(workspaceFile);
  rmSync(workspaceFile, { force: true });
  return [`Reset: deleted ${deleted} sandbox key${deleted === 1 ? '' : 's'} from ${redisUrl}${hadFile ? ` and ${workspaceFile}` : ''}; starting with an empty workspace.`];
}

/** Deletes everything the bot keeps for one workspace: every key of a workspace carries its hash tag. */
export async function forgetTeam(s: Services, teamId: string): Promise<number> {
  return deleteKeysStartingWith(s.redis, teamTag(teamId));
}

/** Deletes every key that starts with `prefix`; its characters are matched as they are (a hash tag's braces are glob characters to SCAN). */
async function deleteKeysStartingWith(redis: RedisClient, prefix: string): Promise<number> {
  const pattern = `${prefix.replace(/[{}[\]*?\\]/g, (c) => `\\${c}`)}*`;
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) deleted += await redis.del(...found);
  } while (cursor !== '0');
  return deleted;
}
