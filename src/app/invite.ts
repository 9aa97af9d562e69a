import type { Incident } from '../domain/incident.js';
import { slackErrorCode } from '../slack/api/errors.js';
import type { Services } from './context.js';
import { withSlot } from './slack-budget.js';

/** Slack invites at most this many users per conversations.invite call. */
const INVITE_CHUNK = 100;
const ALREADY_THERE = new Set(['already_in_channel', 'cant_invite_self']);

export interface Invited {
  /** Users Slack would not invite (with `force`, it invites the others and names these). */
  refused: { user: string; error: string }[];
}

/**
 * The one way warroom invites people to a channel: in chunks Slack accepts, and being there
 * already is success. Without `force` a refused user fails the whole call (it throws); with it,
 * Slack invites the ones it can and the others come back in `refused`.
 */
export async function inviteToChannel(s: Services, team: string, channel: string, users: readonly string[], opts: { force?: boolean; slot?: string | undefined } = {}): Promise<Invited> {
  const todo = [...new Set(users)];
  const refused: Invited['refused'] = [];
  for (let i = 0; i < todo.length; i += INVITE_CHUNK) {
    const chunk = todo.slice(i, i + INVITE_CHUNK);
    try {
      // Tier 3, shared by setups and page deliveries: a wait throws SlackWait (a job then waits for its slot).
      const res = (await withSlot(
        s,
        team,
        'conversations.invite',
        () => s.slack.conversations.invite({ channel, users: chunk.join(','), ...(opts.force ? { force: true } : {}) }),
        { slot: opts.slot && i === 0 ? opts.slot : undefined },
      )) as { errors?: { user?: string; error?: string }[] };
      for (const e of res.errors ?? []) {
        if (e.user && !ALREADY_THERE.has(e.error ?? '')) refused.push({ user: e.user, error: e.error ?? 'unknown' });
      }
    } catch (err) {
      if (!ALREADY_THERE.has(slackErrorCode(err) ?? '')) throw err;
    }
  }
  return { refused };
}

/** Invites people to the incident channel; false when Slack refused (logged), so the reply can say so. */
export async function inviteToIncident(s: Services, incident: Incident, users: string[]): Promise<boolean> {
  const channel = incident.setup.channelId;
  if (!channel || users.length === 0) return true;
  try {
    const { refused } = await inviteToChannel(s, incident.teamId, channel, users, { force: true });
    if (refused.length) s.log.warn('Slack would not invite some people to the incident channel', { incident: incident.number, refused });
    return refused.length === 0;
  } catch (err) {
    s.log.warn('could not invite to incident channel', { incident: incident.number, users, err });
    return false;
  }
}
