import { startStandin, type ResponseUrlPost, type Standin } from '../src/standin/index.js';

export const TOKEN = 'xoxb-bench-token';
export const SIGNING_SECRET = 'bench-signing-secret-0123456789';
export const TEAM = 'T0BENCH';
export const USER = 'U0ANA';

/** The Slack side: the local stand-in with the users and #general the bench commands need. */
export async function startSlack(): Promise<{ standin: Standin; general: string }> {
  const standin = await startStandin({ botToken: TOKEN, signingSecret: SIGNING_SECRET, teamId: TEAM });
  standin.addUser({ id: USER, name: 'ana', realName: 'Ana Odhiambo', tz: 'Africa/Nairobi' });
  standin.addUser({ id: 'U0BO', name: 'bo', realName: 'Bo Lindqvist', tz: 'Europe/Stockholm' });
  const general = standin.addChannel({ name: 'general', members: [USER, 'U0BO'] }).id;
  return { standin, general };
}

function text(r: ResponseUrlPost): string {
  const t = r.body.text;
  return typeof t === 'string' ? t : '';
}

/** Declares an incident through the app (as a person would) and returns its number and channel. */
export async function declareThroughApp(standin: Standin, general: string, title: string): Promise<{ number: number; channelId: string }> {
  const sent = await standin.sendCommand({ user: USER, channel: general, text: `declare sev2 ${title}` });
  if (sent.status !== 200) throw new Error(`declare was not acknowledged: HTTP ${sent.status}`);
  const id = sent.responseUrl.split('/').pop();
  const reply = await standin.waitFor(() => standin.responses.find((r) => r.id === id && !text(r).startsWith(':hourglass')), 15_000);
  const m = /INC-(\d+)[\s\S]*<#([CG][A-Z0-9]+)>/.exec(text(reply));
  if (!m?.[1] || !m[2]) throw new Error(`declare did not succeed: ${text(reply)}`);
  return { number: Number(m[1]), channelId: m[2] };
}

/**
 * Keeps the stand-in's memory of "Slack" from growing with the run: every echoed note is
 * a message in the incident channel, and the stand-in's messageJson scans a channel's
 * messages for thread replies on every post and update (src/standin/format.ts), so a
 * channel of 50,000 messages made the stand-in, not warroom, the bottleneck. Real Slack
 * does not slow down as a channel grows. Messages present when this starts (the pinned
 * card, the announcement) stay; recorded calls are dropped.
 */
export function trimStandinWhileRunning(standin: Standin, everyMs = 200): { stop(): void } {
  const keep = new Map([...standin.state.messages].map(([channel, list]) => [channel, list.length]));
  const trim = (): void => {
    for (const [channel, list] of standin.state.messages) {
      const k = keep.get(channel);
      if (k === undefined) keep.set(channel, list.length);
      else if (list.length > k) list.splice(k);
    }
    standin.calls.length = 0;
  };
  const timer = setInterval(trim, everyMs);
  return {
    stop() {
      clearInterval(timer);
      trim();
    },
  };
}
