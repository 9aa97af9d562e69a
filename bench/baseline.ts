import { App, LogLevel } from '@slack/bolt';
import { slackClientOptions } from '../src/slack/api/client.js';

/**
 * The baseline: a Bolt app on the same HTTP receiver and options as warroom's, whose
 * only listener acknowledges `/incident` and does nothing else. Whatever warroom adds to
 * the ack shows up as the ratio to this.
 */
export function createBaselineApp(opts: { token: string; signingSecret: string; apiUrl: string }): App {
  const app = new App({
    token: opts.token,
    signingSecret: opts.signingSecret,
    clientOptions: slackClientOptions(opts.apiUrl),
    logLevel: LogLevel.WARN,
    processBeforeResponse: false,
  });
  app.command('/incident', async ({ ack }) => {
    await ack();
  });
  return app;
}
