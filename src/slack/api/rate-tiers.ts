/**
 * How often Slack lets one app call a method in one workspace (docs.slack.dev/apis/web-api/rate-limits),
 * for the calls warroom spends a shared budget on (store/slack-budget.ts): the tier-2 ones a
 * declare storm runs into, and posting in one channel. Slack counts per app per workspace, per
 * method, over a minute; `chat.postMessage` is about one a second per channel, short bursts allowed.
 */
export const TIER_PER_MINUTE = { 1: 1, 2: 20, 3: 50, 4: 100 } as const;

/**
 * The methods whose calls take a slot of the budget, by tier. Invites are tier 3 (50 a minute),
 * and a storm makes two per incident (the declarer at setup, the paged person at delivery).
 */
export const BUDGETED_METHODS = {
  'conversations.create': 2,
  'conversations.setTopic': 2,
  'pins.add': 2,
  'conversations.list': 2,
  'conversations.invite': 3,
} as const;
export type BudgetedMethod = keyof typeof BUDGETED_METHODS;

/**
 * A slot is counted a little longer than Slack's window: the call reaches Slack some
 * milliseconds after its slot was taken, and a call that arrived late at the start of one window
 * would otherwise share Slack's window with the first call of the next.
 */
export const BUDGET_MARGIN_MS = 1_000;

/** Five posts at once, then five more every five seconds: one a second with Slack's short bursts. */
const CHANNEL_POSTS = { limit: 5, windowMs: 5_000 };

/** The budget of a method (`conversations.create`) or of posting in a channel (`chat.postMessage:C123`). */
export function budgetRule(kind: string): { limit: number; windowMs: number } {
  if (kind.startsWith('chat.postMessage:')) return { limit: CHANNEL_POSTS.limit, windowMs: CHANNEL_POSTS.windowMs + BUDGET_MARGIN_MS };
  const tier = (BUDGETED_METHODS as Record<string, keyof typeof TIER_PER_MINUTE | undefined>)[kind];
  if (tier === undefined) throw new Error(`no Slack budget for ${kind}`);
  return { limit: TIER_PER_MINUTE[tier], windowMs: 60_000 + BUDGET_MARGIN_MS };
}

export const channelPosts = (channel: string): string => `chat.postMessage:${channel}`;

/**
 * A Slack call that must wait: its budget has no slot before `until`, or Slack answered
 * `ratelimited` and its Retry-After runs to `until`. Thrown instead of waiting, so a request is
 * never held and a job is delayed (not failed) until then (src/workers/index.ts).
 */
export class SlackWait extends Error {
  override readonly name = 'SlackWait';
  constructor(
    readonly kind: string,
    /** Unix ms, on the services' clock. */
    readonly until: number,
    readonly waitMs: number,
    readonly why: 'budget' | 'slack',
    /** The reservation that holds this call's place, when the budget gave one. */
    readonly slot?: string,
    /** What the budget saw: calls within the window, reservations ahead. */
    readonly seen?: { recent: number; ahead: number; limit: number },
  ) {
    super(`${kind}: ${why === 'budget' ? 'no slot of the shared Slack budget' : 'Slack asked to wait'} for ${Math.ceil(waitMs / 1000)} s`);
  }
}
