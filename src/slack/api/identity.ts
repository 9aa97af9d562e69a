import type { WebClient } from '@slack/web-api';

export interface BotIdentity {
  teamId: string;
  userId: string;
}

/**
 * The bot's workspace and user, asked once (auth.test) and remembered; a failed look-up is asked
 * again next time. Alerts and PagerDuty come from outside Slack: the workspace they belong to
 * and the user who declares for them are the bot's own.
 */
export function createIdentity(slack: WebClient): () => Promise<BotIdentity> {
  let known: Promise<BotIdentity> | undefined;
  return () => {
    if (!known) {
      const asked = slack.auth.test().then((r) => {
        if (!r.team_id || !r.user_id) throw new Error('auth.test returned no team or user id');
        return { teamId: r.team_id, userId: r.user_id };
      });
      asked.catch(() => {
        known = undefined;
      });
      known = asked;
    }
    return known;
  };
}
