import { channelName } from '../domain/channel-name.js';
import { incidentLabel, type Incident } from '../domain/incident.js';
import { severityLabel } from '../domain/severity.js';
import type { SetupNotice } from '../jobs/queues.js';
import { budgetRule } from '../slack/api/rate-tiers.js';
import { postToResponseUrl } from '../slack/api/response-url.js';
import { escapeText } from '../slack/views/mrkdwn.js';
import type { Reply } from '../slack/views/reply.js';
import type { Services } from './context.js';
import type { SetupResult, SetupWait } from './declare-setup.js';

/**
 * What the person who declared is told about the Slack setup, and how it reaches them later
 * when the setup waits for Slack's rate limit and ends in a job.
 */

/** Slack's 30 minutes for a response_url, less a margin for clocks apart and the post itself. */
const RESPONSE_URL_USABLE_MS = 29 * 60_000;

/** Whom a text addresses: the person who declared ("you"), or a channel (an alert declared it, nobody did). */
export type Audience = 'person' | 'channel';

/** Where a declarer hears later: their command's or button's response_url while it works, else a DM. */
export function noticeFor(s: Services, user: string, responseUrl?: string): SetupNotice {
  return responseUrl ? { via: 'response-url', url: responseUrl, user, until: s.now() + RESPONSE_URL_USABLE_MS } : { via: 'dm', user };
}

function label(i: Incident): string {
  return `${incidentLabel(i)} (${severityLabel(i.severity)}): ${escapeText(i.title)}`;
}

/** "40 s", "2 min 10 s": rounded up (to 10 s past a minute and a half), since "in about 40 s" that turns out to be 41 s reads as a broken promise. */
export function aboutIn(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} s`;
  const tens = Math.ceil(seconds / 10) * 10;
  const rest = tens % 60;
  return `${Math.floor(tens / 60)} min${rest ? ` ${rest} s` : ''}`;
}

/** Slack's limit the setup waits for, in words, with what the budget saw when there was a count. */
function limitSentence(w: SetupWait): string {
  if (w.why === 'slack') return 'Slack is rate-limiting the bot and asked it to wait';
  const limit = w.seen?.limit ?? budgetRule(w.kind).limit;
  const recent = w.seen?.recent;
  const [method, channel] = w.kind.split(':');
  const phrases: Record<string, [string, string]> = {
    'conversations.create': [`create ${limit} channels a minute`, 'were made in the last minute'],
    'conversations.setTopic': [`set ${limit} channel topics a minute`, 'were set in the last minute'],
    'pins.add': [`pin ${limit} messages a minute`, 'were pinned in the last minute'],
    'conversations.list': [`read the channel list ${limit} times a minute`, 'reads were made in the last minute'],
    'conversations.invite': [`invite people to channels ${limit} times a minute`, 'invitations went out in the last minute'],
  };
  const [allows, counted] = method === 'chat.postMessage' ? [`post about one message a second in <#${channel ?? ''}>`, 'went out there in the last few seconds'] : (phrases[method ?? ''] ?? [`call ${method} ${limit} times a minute`, 'were made in the last minute']);
  let text = `Slack lets an app ${allows}`;
  if (recent !== undefined) text += ` and ${recent} ${counted}`;
  const ahead = w.seen?.ahead ?? 0;
  if (ahead > 0) text += `; ${ahead} more ${ahead === 1 ? 'is' : 'are'} queued ahead of this one`;
  return text;
}

/**
 * The honest "not yet": what is saved, which of Slack's limits the setup waits for and how full
 * it is, when the rest will be done, and that the person will be told.
 */
export function waitingText(incident: Incident, w: SetupWait, now: number, opts: { resumed?: boolean; audience?: Audience } = {}): string {
  const { channelId: channel, cardPinned } = incident.setup;
  const when = `in about ${aboutIn(w.until - now)}`;
  const tell = opts.audience === 'channel' ? 'say so here' : opts.resumed ? 'tell you when it is done' : 'tell you here';
  // Only the broadcast announcement is left: the channel is ready, and that is the news.
  if (channel && cardPinned && w.kind.startsWith('chat.postMessage:')) {
    const ready = opts.audience === 'channel' ? `${label(incident)} is set up: <#${channel}>, its summary card pinned.` : `${opts.resumed ? 'Set up' : 'Declared'} ${label(incident)}. Channel: <#${channel}>. You are in; the summary card is pinned there.`;
    return `:white_check_mark: ${ready} ${limitSentence(w)}. I'll announce it there ${when} and ${tell}.`;
  }
  const saved = channel ? `is saved and <#${channel}> exists` : 'is saved';
  const todo = channel ? `finish the setup (${w.step})` : `create #${channelName(incident.number, incident.title)}`;
  const lead = opts.resumed ? `${label(incident)} ${saved} and is waiting for Slack` : `${label(incident)} ${saved}`;
  return `:stopwatch: ${lead}. ${limitSentence(w)}. I'll ${todo} ${when} and ${tell}.`;
}

/** The reply to a declare (or `resumed`: to finishing one, by a retyped declare or the job), whatever the setup's outcome. */
export function setupReply(result: SetupResult, opts: { resumed?: boolean; audience?: Audience; now: number }): Reply {
  const i = result.incident;
  if (result.waiting) return { text: waitingText(i, result.waiting, opts.now, opts) };
  if (result.ok) {
    const where = i.setup.channelId ? ` Channel: <#${i.setup.channelId}>.` : '';
    if (opts.audience === 'channel') return { text: `:white_check_mark: ${label(i)} is set up.${where} The summary card is pinned there.` };
    return { text: `:white_check_mark: ${opts.resumed ? 'Finished setting up' : 'Declared'} ${label(i)}.${where} You are in; the summary card is pinned there.` };
  }
  const channel = i.setup.channelId ? ` The channel <#${i.setup.channelId}> exists.` : '';
  const again =
    opts.audience === 'channel'
      ? i.setup.channelId
        ? `Run \`/incident declare\` in <#${i.setup.channelId}> to finish the setup; nothing already done will be done twice.`
        : 'I will try again when the next alert of its group comes in.'
      : 'Run `/incident declare` again to finish the setup; nothing already done will be done twice.';
  return { text: `:warning: ${incidentLabel(i)} is declared and saved, but I could not ${result.failedStep}: ${result.reason}.${channel}\n${again}` };
}

/**
 * Tells the declarer (or the alerts' channel) how a paused setup went. The response_url first
 * while Slack still takes it, else a DM; a channel through the paced echo, since a storm would
 * otherwise post there faster than Slack allows. Never throws: the setup it reports on is saved.
 */
export async function tellAboutSetup(s: Services, notice: SetupNotice | undefined, text: string): Promise<void> {
  if (!notice) {
    s.log.info('incident setup news with nobody to tell', { text });
    return;
  }
  if (notice.via === 'channel') {
    s.echo.post(notice.channel, [text]);
    return;
  }
  if (notice.via === 'response-url' && s.now() < notice.until) {
    try {
      await postToResponseUrl(notice.url, text);
      return;
    } catch (err) {
      s.log.warn('could not tell the declarer through the response_url; sending a DM instead', { err });
    }
  }
  try {
    await s.slack.chat.postMessage({ channel: notice.user, text });
  } catch (err) {
    s.log.warn('could not tell the declarer how the incident setup went', { user: notice.user, err });
  }
}
