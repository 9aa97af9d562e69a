import type { FileConfig } from '../config/settings.js';
import type { DrillStatus } from '../standin/page/shell-html.js';
import type { Standin } from '../standin/index.js';
import { asSlackWouldSend } from '../standin/page/typing.js';
import { DRILL_LEVELS, DRILL_MINUTES, DRILL_START_CLOCK, KIMBY_STEPS, type DrillStep, type DrillWho } from './drill-kimby.js';
import { SANDBOX_USERS } from './sandbox-users.js';

/** 120 minutes of incident in 3 minutes; the fast mode (tests) in 12 seconds. */
export const DRILL_SPEED = { normal: 40, fast: 600 } as const;
type Pace = keyof typeof DRILL_SPEED;
const policyName = (pace: Pace): string => (pace === 'fast' ? 'drill-fast' : 'drill');

const idOf = (who: DrillWho): string => SANDBOX_USERS.find((u) => u.name === who)?.id ?? who;

function seconds(ms: number): string {
  return ms >= 60_000 ? `${+(ms / 60_000).toFixed(1)} min` : `${+(ms / 1000).toFixed(1)} s`;
}

/** The drill's escalation policies, one per pace: the reference's real minutes divided by the speed. */
export function drillPolicies(): FileConfig['escalation']['policies'] {
  return (Object.keys(DRILL_SPEED) as Pace[]).map((pace) => ({
    name: policyName(pace),
    repeatLast: 1,
    // Status-update reminders come at the same pace: sev2's hour is 1.5 minutes at ×40.
    statusUpdateMinutes: { sev1: 30 / DRILL_SPEED[pace], sev2: 60 / DRILL_SPEED[pace], sev3: 120 / DRILL_SPEED[pace], sev4: 240 / DRILL_SPEED[pace] },
    levels: DRILL_LEVELS.map((l) => {
      const m = l.minutes / DRILL_SPEED[pace];
      return { name: l.name, targets: [{ type: 'user' as const, id: idOf(l.who) }], ackTimeoutMinutes: { sev1: m, sev2: m, sev3: m, sev4: m } };
    }),
  }));
}

function scaleLine(pace: Pace): string {
  const speed = DRILL_SPEED[pace];
  const waits = DRILL_LEVELS.map((l) => `${l.name} ${l.minutes} min → ${seconds((l.minutes * 60_000) / speed)}`).join(', ');
  return `×${speed}: 1 s here is ${seconds(speed * 1000)} of the incident. Timers scaled the same (policy “${policyName(pace)}”: ${waits}; a status-update reminder every 60 min → ${seconds(3_600_000 / speed)}).`;
}

function clockAt(minute: number): string {
  const total = DRILL_START_CLOCK.hour * 60 + DRILL_START_CLOCK.minute + Math.floor(minute);
  const h = Math.floor(total / 60) % 24;
  return `${h % 12 || 12}:${String(total % 60).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'} ${DRILL_START_CLOCK.zone}`;
}

class Stopped extends Error {}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Stopped());
    const onAbort = (): void => {
      clearTimeout(t);
      reject(new Stopped());
    };
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Replays the reference incident through the stand-in, as its people would: signed commands, messages, 📌, button presses. */
export function createDrill(standin: Standin, general: () => string, earlier: string[] = []) {
  let status: DrillStatus | undefined;
  const channels = new Set(earlier);
  let abort: AbortController | undefined;
  let run: Promise<void> | undefined;

  async function waitFor<T>(fn: () => T | undefined | false, signal: AbortSignal, ms = 20_000): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = fn();
      if (v) return v;
      if (Date.now() > deadline) throw new Error('the bot did not answer in time');
      await sleep(50, signal);
    }
  }

  /** Types a command and, like a person, waits for the bot's answer before doing the next thing. */
  async function command(user: string, channel: string, text: string, signal: AbortSignal) {
    const mine = () => standin.state.ephemerals.filter((e) => e.user === user && e.channel === channel);
    const seen = mine().length;
    await standin.sendCommand({ user, channel, text: asSlackWouldSend(standin.state, text) });
    return waitFor(() => mine().slice(seen).find((e) => !e.text.startsWith(':hourglass')), signal, 10_000).catch((err: unknown) => {
      if (err instanceof Stopped) throw err;
      return undefined;
    });
  }

  async function step(s: DrillStep, pace: Pace, incident: () => string | undefined, signal: AbortSignal): Promise<string | undefined> {
    const user = idOf(s.who);
    const here = (): string => {
      const c = incident();
      if (!c) throw new Error('the incident channel is not there');
      return c;
    };
    const a = s.do;
    switch (a.kind) {
      case 'command': {
        const before = new Set(standin.state.channels.keys());
        const text = a.text.replace('{policy}', policyName(pace));
        await command(user, a.where === 'general' ? general() : here(), text, signal);
        if (!text.startsWith('declare')) return undefined;
        const created = await waitFor(() => [...standin.state.channels.values()].find((c) => !before.has(c.id) && c.name.startsWith('inc-')), signal);
        return created.id;
      }
      case 'say': {
        const m = standin.postMessageAsUser(user, here(), a.text);
        standin.notifyChange();
        if (a.pin) await standin.addReaction(idOf(a.pin), here(), m.ts, 'pushpin');
        return undefined;
      }
      case 'ack': {
        // Press Acknowledge on the newest page in this person's DM with the bot, waiting for it if the timer has not fired yet.
        const dm = await waitFor(() => standin.state.dms.get(user), signal);
        const hasAck = (m: { blocks?: unknown[] }) => JSON.stringify(m.blocks ?? []).includes('"wr_ack_page"');
        const page = await waitFor(() => [...(standin.state.messages.get(dm) ?? [])].reverse().find(hasAck), signal);
        await standin.clickButton({ user, channel: dm, messageTs: page.ts, actionId: 'wr_ack_page' });
        return undefined;
      }
      case 'reminder': {
        // The bot's status-update reminder, on the policy's scaled timer: wait for it as the commander would.
        const channel = here();
        await waitFor(() => (standin.state.messages.get(channel) ?? []).some((m) => m.user === standin.botUserId && m.text.includes(':alarm_clock:')), signal, 60_000);
        return undefined;
      }
      case 'close': {
        const channel = here();
        const reply = await command(user, channel, 'close', signal);
        // Still unresolved (someone reopened it, or the drill was stopped and resumed): press the confirmation, as a person would.
        if (reply && JSON.stringify(reply.blocks ?? []).includes('"wr_confirm_close"')) {
          await standin.clickButton({ user, channel, messageTs: reply.ts, actionId: 'wr_confirm_close' });
        }
        return undefined;
      }
    }
  }

  async function play(pace: Pace, signal: AbortSignal): Promise<void> {
    const speed = DRILL_SPEED[pace];
    const t0 = Date.now();
    let channel: string | undefined;
    for (const s of KIMBY_STEPS) {
      const due = t0 + (s.minute * 60_000) / speed;
      await sleep(Math.max(0, due - Date.now()), signal);
      if (status) status.progress = `minute ${s.minute} of ${DRILL_MINUTES} (${clockAt(s.minute)} in the reference incident): ${s.who} ${describe(s)}`;
      standin.notifyChange();
      const created = await step(s, pace, () => channel, signal);
      if (created) {
        channel = created;
        channels.add(created);
      }
    }
    const inc = channel;
    if (!inc) return;
    const file = await waitFor(() => (standin.state.messages.get(inc) ?? []).flatMap((m) => m.files ?? []).find((f) => f.name.endsWith('.md')), signal, 30_000);
    if (status) {
      status.running = false;
      status.progress = `done: declared, escalated, resolved and closed in ${seconds(Date.now() - t0)}; the postmortem is open`;
      status.postmortemFile = file.id;
    }
  }

  return {
    status: (): DrillStatus | undefined => status,
    channels: (): string[] => [...channels],
    async start(pace: Pace): Promise<void> {
      if (status?.running) return;
      abort = new AbortController();
      status = { running: true, progress: 'starting', scale: scaleLine(pace) };
      const mine = status;
      const signal = abort.signal;
      run = play(pace, signal)
        .catch((err: unknown) => {
          mine.running = false;
          if (err instanceof Stopped) mine.progress = `stopped at ${mine.progress.replace(/:.*/, '')}; the incident stays as it was`;
          else mine.error = `the drill failed: ${err instanceof Error ? err.message : String(err)}`;
        })
        .finally(() => standin.notifyChange());
    },
    async stop(): Promise<void> {
      abort?.abort();
      await run;
    },
    /** Forgets the drill (after a reset). */
    async forget(): Promise<void> {
      abort?.abort();
      await run;
      status = undefined;
      channels.clear();
    },
  };
}

function describe(s: DrillStep): string {
  switch (s.do.kind) {
    case 'command':
      return `types /incident ${s.do.text.split(' ')[0] ?? ''}`;
    case 'say':
      return s.do.pin ? 'posts a message, and it is 📌ed' : 'posts a message';
    case 'ack':
      return 'presses Acknowledge on the page';
    case 'reminder':
      return 'waits for the status-update reminder';
    case 'close':
      return 'closes the incident';
  }
}
