import type { Standin } from '../types.js';
import { escapeHtml } from './mrkdwn-html.js';

/** What the page shows of a running drill; the sandbox fills it in. */
export interface DrillStatus {
  running: boolean;
  /** e.g. "Minute 35 of 120 · 7:35 PM in the reference incident". */
  progress: string;
  /** e.g. "×40: 1 s here is 40 s of the incident; the policy's 5 min wait takes 7.5 s". */
  scale: string;
  /** Set when the drill is over: the postmortem it ends with, opened by the page. */
  postmortemFile?: string | undefined;
  error?: string | undefined;
}

/** The page's frame; everything inside is drawn from /sandbox/ui and redrawn on each change. */
export function shellHtml(s: Standin, stateDir: string): string {
  const people = [...s.state.users.values()].filter((u) => !u.is_bot);
  const options = people.map((u) => `<option value="${escapeHtml(u.id)}" data-tz="${escapeHtml(u.tz)}">@${escapeHtml(u.name)} · ${escapeHtml(u.real_name)} · ${escapeHtml(u.tz)}</option>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>warroom sandbox</title><link rel="stylesheet" href="/sandbox/app.css"></head>
<body>
<div class="honest" role="note">This is a <b>local stand-in for Slack</b>, not Slack: the real warroom bot gets the same signed requests Slack would send, and nothing leaves this machine. State is kept in <code>${escapeHtml(stateDir)}</code>.</div>
<header class="top">
  <span class="brand">warroom sandbox</span>
  <label>You are <select id="as">${options}</select></label>
  <span id="tz" class="tz"></span>
  <span class="grow"></span>
  <button type="button" class="btn btn-primary" id="drill-start" title="Replays a real incident, compressed to about 3 minutes">▶ Drill</button>
  <button type="button" class="btn btn-danger" id="drill-stop" hidden>■ Stop drill</button>
  <button type="button" class="btn" id="reset" title="Forget every channel, message and incident of this sandbox">Reset</button>
</header>
<div id="drill" class="drill-banner" hidden></div>
<div class="layout">
  <nav id="sidebar" class="sidebar"></nav>
  <main class="channel">
    <section id="main" class="main"></section>
    <div id="toast" class="toast" role="alert" hidden></div>
    <form id="composer" class="composer" autocomplete="off">
      <input id="text" list="usage" placeholder="Message, or /incident … (try /incident help)" aria-label="Message">
      <datalist id="usage"></datalist>
      <button type="submit" class="btn btn-primary">Send</button>
    </form>
  </main>
</div>
<div id="modal"></div>
<script src="/sandbox/app.js"></script>
</body></html>`;
}
