import type { types } from '@slack/bolt';
import { LogLevel, type Logger, WebClient, type WebClientOptions } from '@slack/web-api';
import { type Standin, type StandinOptions, startStandin } from '../../src/standin/index.js';

export const BOT_TOKEN = 'xoxb-standin-test';
export const SIGNING_SECRET = 'standin-signing-secret';

export const ALICE = { id: 'UALICE', name: 'alice', realName: 'Alice Ndlovu', tz: 'Africa/Nairobi', email: 'alice@example.com' };
export const BOB = { id: 'UBOB', name: 'bob', realName: 'Bob Lee', tz: 'America/New_York', email: 'bob@example.com' };
export const CAROL = { id: 'UCAROL', name: 'carol', email: 'carol@example.com' };

/** A stand-in with three people in it, the way most stories start. */
export async function startWorkspace(opts: Partial<StandinOptions> = {}): Promise<Standin> {
  const standin = await startStandin({ botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, ...opts });
  for (const u of [ALICE, BOB, CAROL]) standin.addUser(u);
  return standin;
}

/** web-api logs every `[ERROR]` message Slack sends back; the tests assert on those errors instead. */
export const quietLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  setLevel: () => undefined,
  getLevel: () => LogLevel.ERROR,
  setName: () => undefined,
};

/** The real web-api client, pointed at the stand-in, without retries so failures show at once. */
export function clientFor(standin: Standin, opts: WebClientOptions = {}, token = BOT_TOKEN): WebClient {
  return new WebClient(token, { slackApiUrl: standin.apiUrl, retryConfig: { retries: 0 }, timeout: 5000, logger: quietLogger, ...opts });
}

/** The Slack error code a call failed with (web-api puts it in `data.error`). */
export async function slackError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    const data = (err as { data?: { error?: unknown } }).data;
    if (typeof data?.error === 'string') return data.error;
    throw err;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

export function section(text: string, blockId?: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text }, ...(blockId ? { block_id: blockId } : {}) };
}
