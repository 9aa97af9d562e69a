import type { MethodHandler } from './context.js';

export const authMethods: Record<string, MethodHandler> = {
  // Bolt calls this at start-up to learn the bot's ids.
  'auth.test': ({ state }) => ({
    url: `https://${state.identity.teamDomain}.slack.com/`,
    team: state.identity.teamDomain,
    user: 'warroom',
    team_id: state.identity.teamId,
    user_id: state.identity.botUserId,
    bot_id: state.identity.botId,
    is_enterprise_install: false,
  }),
};
