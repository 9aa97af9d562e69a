import type { Incident } from '../domain/incident.js';
import type { Services } from './context.js';
import { slackErrorCode } from '../slack/api/errors.js';

/** Invites people to the incident channel; being there already is success. Returns false when Slack refused. */
export async function inviteToIncident(s: Services, incident: Incident, users: string[]): Promise<boolean> {
  const channel = incident.setup.channelId;
  if (!channel || users.length === 0) return true;
  try {
    await s.slack.conversations.invite({ channel, users: [...new Set(users)].slice(0, 100).join(','), force: true });
    return true;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === 'already_in_channel' || code === 'cant_invite_self') return true;
    s.log.warn('could not invite to incident channel', { incident: incident.number, users, err });
    return false;
  }
}
