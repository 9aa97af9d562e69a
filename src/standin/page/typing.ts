import type { WorkspaceState } from '../state.js';

/** With should_escape, Slack sends a typed @name as <@U…|name>; the page (and the drill) do the same for the workspace's people. */
export function asSlackWouldSend(state: WorkspaceState, text: string): string {
  return text.replace(/(^|\s)@([a-z0-9._-]+)/g, (all, space: string, name: string) => {
    const u = [...state.users.values()].find((x) => x.name === name && !x.is_bot);
    return u ? `${space}<@${u.id}|${name}>` : all;
  });
}
