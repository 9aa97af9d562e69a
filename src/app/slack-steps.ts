import type { ChatPostMessageArguments } from '@slack/web-api';
import { isWorthRetrying } from '../slack/api/errors.js';
import type { StepRecord } from '../store/steps.js';
import type { Services } from './context.js';

/**
 * A step that posts a message which must go out once (a page's announcement, a DM, a
 * reminder), for jobs a worker crash or an unconfirmed Slack answer makes run again.
 *
 * The step is claimed in its record before the Slack call and given its result after. An
 * attempt that finds it claimed (a killed worker, or a call whose answer was lost) first looks
 * for the message in Slack by its metadata and records it instead of posting again. So the
 * message goes out once; a second copy only when Slack took it but does not show it in the
 * history yet (at most one duplicate); and it is never skipped (never a lost page).
 */
export const CLAIMED = 'claimed';
/** Slack message metadata event type that marks warroom's own step messages. */
export const STEP_EVENT = 'warroom_step';

export async function postOnce(
  steps: StepRecord,
  step: string,
  post: () => Promise<string | undefined>,
  /** Looks in Slack for the message an earlier attempt may have posted; its answer is recorded. */
  recover?: () => Promise<string | undefined>,
): Promise<void> {
  const had = steps.get(step);
  if (had !== undefined && had !== CLAIMED) return;
  if (had === CLAIMED || !(await steps.claim(step))) {
    const found = recover ? await recover() : undefined;
    if (found !== undefined) return steps.mark(step, found);
  }
  await steps.mark(step, (await post()) ?? '1');
}

/** The metadata a step's message carries, so a later attempt can find it. */
export function stepMetadata(stepId: string): NonNullable<ChatPostMessageArguments['metadata']> {
  return { event_type: STEP_EVENT, event_payload: { step: stepId } };
}

/** How far back a recovering attempt looks: a job's messages are among a channel's newest. */
const LOOK_BACK = 50;

/**
 * `channel ts` of the bot's message for `stepId` in a channel, or in the DM with a user (a
 * `U…` id is opened as its DM first); undefined when it is not there, or when Slack's answer
 * says it cannot be (no such DM). Failures worth retrying are thrown, so the job retries.
 */
export async function findStepMessage(s: Services, channelOrUser: string, stepId: string): Promise<string | undefined> {
  try {
    let channel = channelOrUser;
    if (/^[UW]/.test(channelOrUser)) {
      const opened = await s.slack.conversations.open({ users: channelOrUser });
      channel = opened.channel?.id ?? channelOrUser;
    }
    const history = await s.slack.conversations.history({ channel, limit: LOOK_BACK, include_all_metadata: true });
    const found = history.messages?.find((m) => {
      const payload: Record<string, unknown> | undefined = m.metadata?.event_payload;
      return m.metadata?.event_type === STEP_EVENT && payload?.step === stepId;
    });
    return found?.ts ? `${channel} ${found.ts}` : undefined;
  } catch (err) {
    if (isWorthRetrying(err)) throw err;
    return undefined;
  }
}

/** A step's id in Slack message metadata: unique per workspace, incident and step. */
export function stepId(team: string, incident: number, step: string): string {
  return `${team}:${incident}:${step}`;
}
