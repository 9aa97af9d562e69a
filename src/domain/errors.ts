/**
 * One hierarchy for everything the user should be told; the Slack layer maps it to an
 * ephemeral message in one place (src/slack/reply-errors.ts). Anything else is a bug.
 */
export class WarroomError extends Error {
  override name = 'WarroomError';
}

/** The command was mistyped: the reply shows what was wrong and the usage. */
export class UsageError extends WarroomError {
  override name = 'UsageError';
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** The command is fine but the incident's state does not allow it. */
export class StateError extends WarroomError {
  override name = 'StateError';
}

export class NotFoundError extends WarroomError {
  override name = 'NotFoundError';
}
