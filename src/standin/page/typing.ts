import type { WorkspaceState } from '../state.js';

/** Slack's special mentions, as its client sends them when someone picks @here, @channel or @everyone. */
const SPECIAL = new Set(['here', 'channel', 'everyone']);

/**
 * What Slack sends for what a person typed (slash command text and messages alike): `&`, `<` and `>`
 * escaped (api.slack.com/reference/surfaces/formatting#escaping), then, with should_escape, a typed
 * @name as <@U…|name> for the workspace's people and @channel as <!channel>. The bot undoes the
 * escaping; without it the sandbox showed the bot turning a typed `&lt;` into `<`.
 */
export function asSlackWouldSend(state: WorkspaceState, text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return escaped.replace(/(^|\s)@([a-z0-9._-]+)/g, (all, space: string, name: string) => {
    if (SPECIAL.has(name)) return `${space}<!${name}>`;
    const u = [...state.users.values()].find((x) => x.name === name && !x.is_bot);
    return u ? `${space}<@${u.id}|${name}>` : all;
  });
}
