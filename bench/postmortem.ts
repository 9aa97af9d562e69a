import { pathToFileURL } from 'node:url';
import type { ActionItem } from '../src/domain/action-item.js';
import type { Incident } from '../src/domain/incident.js';
import type { TimelineEntry, TimelineKind } from '../src/domain/timeline.js';
import { buildDraft, referencedUsers } from '../src/postmortem/draft.js';
import { renderMarkdown } from '../src/postmortem/markdown.js';
import { slackSummary } from '../src/slack/views/postmortem-summary.js';
import { round } from './stats.js';

/**
 * Part 3: drafting and rendering a postmortem from 100, 10,000 and 100,000 timeline entries.
 * The record spans three days in Africa/Nairobi (so every time carries its date), with notes,
 * 📌 messages (some edited, some deleted), status and severity changes, escalations and action
 * entries, and text full of characters Markdown must escape. Everything runs in memory: this
 * measures the pure draft and its renderers, not Redis.
 */

const ZONE = 'Africa/Nairobi';
const START = Date.parse('2026-05-18T16:00:00Z');
const SPAN_MS = 3 * 24 * 3_600_000;
const USERS = ['U0ANA', 'U0BO', 'U0CY', 'U0DEE', 'U0EDD', 'U0FAY'];
const STATUSES = ['investigating', 'identified', 'monitoring'] as const;

function kindFor(i: number): TimelineKind {
  if (i % 50 === 7) return 'status';
  if (i % 97 === 3) return 'severity';
  if (i % 61 === 5) return 'escalation';
  if (i % 13 === 2) return 'pin';
  if (i % 41 === 9) return 'action';
  return 'note';
}

function makeEntry(i: number, n: number): TimelineEntry {
  const at = START + Math.floor((i / n) * SPAN_MS);
  const author = USERS[i % USERS.length] ?? 'U0ANA';
  const kind = kindFor(i);
  const base = { id: `${at.toString(36).padStart(9, '0')}${String(i).padStart(6, '0')}`, at, recordedAt: at + 1, author, source: 'command' as const };
  switch (kind) {
    case 'status': {
      const from = STATUSES[(i / 50) % 3 | 0] ?? 'investigating';
      const to = STATUSES[((i / 50) | 0) % 3 === 2 ? 0 : (((i / 50) | 0) % 3) + 1] ?? 'identified';
      return { ...base, kind, text: `Status changed from ${from} to ${to}: step ${i}`, change: { field: 'status', from, to } };
    }
    case 'severity':
      return { ...base, kind, text: `Severity raised from SEV3 to SEV2: load | latency #${i}`, change: { field: 'severity', from: 'sev3', to: 'sev2' } };
    case 'escalation':
      return { ...base, kind, text: `Escalated to level ${i % 3} (Database administrators)`, source: 'system' };
    case 'action':
      return { ...base, kind, text: `Action item A${(i % 40) + 1} added (corrective, owner <@${author}>, no due date): fix *thing* ${i}`, change: { field: `A${(i % 40) + 1}`, to: 'open' } };
    case 'pin':
      return {
        ...base,
        kind,
        text: `Pinned: CPU at ${i % 100}% on db-${i % 7} | see <https://grafana.example/d/${i}|dashboard> and ask <@U0BO>`,
        source: 'reaction',
        pin: {
          channel: 'C0BENCH',
          ts: `${Math.floor(at / 1000)}.${String(i).padStart(6, '0')}`,
          permalink: `https://bench.slack.com/archives/C0BENCH/p${at}${i}`,
          ...(i % 3 === 0 ? { history: [`Pinned first: CPU at ${i % 100}%`] } : {}),
          ...(i % 5 === 0 ? { deleted: true } : {}),
        },
      };
    default:
      return { ...base, kind, text: `Note ${i}: checked \`db-${i % 7}\` _replica_ lag [ok] <not> a #heading & | pipes\nsecond line for <@U0CY>` };
  }
}

export function record(n: number): { incident: Incident; entries: TimelineEntry[]; actions: ActionItem[] } {
  const entries = Array.from({ length: n }, (_, i) => makeEntry(i, n));
  const end = START + SPAN_MS;
  const incident: Incident = {
    teamId: 'T0BENCHPM',
    number: 42,
    title: 'Checkout | payments failing for `EU` customers',
    severity: 'sev2',
    status: 'closed',
    private: false,
    timeZone: ZONE,
    impact: 'about 40% of orders failed | retries doubled load',
    cause: 'a connection-pool change exhausted database connections',
    roles: { commander: 'U0ANA', comms: 'U0BO' },
    keyTimes: { started: START - 600_000, declared: START, identified: START + SPAN_MS / 3, mitigated: START + SPAN_MS / 2, resolved: end - 60_000, closed: end },
    declaredBy: 'U0ANA',
    participants: USERS,
    setup: { channelId: 'C0BENCH', invited: [], topicSet: true, cardPinned: true, complete: true },
    postmortemVersion: 1,
    createdAt: START,
    updatedAt: end,
  };
  const actions: ActionItem[] = Array.from({ length: 40 }, (_, i) => ({
    id: i + 1,
    teamId: incident.teamId,
    incident: 42,
    text: `Measure ${i + 1}: add | alert on *pool* usage`,
    kind: i % 2 ? 'preventive' : 'corrective',
    ...(i % 4 ? { owner: USERS[i % USERS.length] } : {}),
    ...(i % 3 ? { due: '2026-06-01' } : {}),
    timeZone: ZONE,
    state: i % 5 === 0 ? 'done' : 'open',
    createdBy: 'U0ANA',
    createdAt: end,
    updatedAt: end,
  }));
  return { incident, entries, actions };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** Times draft, Markdown and Slack summary for one size; the heap is sampled around the biggest run. */
function measure(n: number, runs: number): Record<string, number> {
  const r = record(n);
  const names = new Map([...referencedUsers(r.incident, r.entries, r.actions)].map((id) => [id, id.slice(3).toLowerCase()]));
  const draftMs: number[] = [];
  const renderMs: number[] = [];
  const totalMs: number[] = [];
  let bytes = 0;
  let peakHeap = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const draft = buildDraft({ ...r, names, now: r.incident.keyTimes.closed ?? START });
    const t1 = performance.now();
    const md = renderMarkdown(draft);
    slackSummary(draft);
    const t2 = performance.now();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    bytes = Buffer.byteLength(md);
    draftMs.push(t1 - t0);
    renderMs.push(t2 - t1);
    totalMs.push(t2 - t0);
  }
  return {
    [`entries_${n}_total_ms`]: round(median(totalMs)),
    [`entries_${n}_draft_ms`]: round(median(draftMs)),
    [`entries_${n}_render_ms`]: round(median(renderMs)),
    [`entries_${n}_markdown_kb`]: round(bytes / 1024, 1),
    [`entries_${n}_heap_used_mb`]: round(peakHeap / 1024 / 1024, 1),
  };
}

export async function benchPostmortem(): Promise<Record<string, number>> {
  // One small warm-up so the first measured size does not pay for JIT compilation.
  measure(1_000, 2);
  const figures: Record<string, number> = {};
  // Biggest first, so the heap figure of the 100k run is not flattered by a heap grown earlier.
  for (const [n, runs] of [[100_000, 3], [10_000, 5], [100, 20]] as const) Object.assign(figures, measure(n, runs));
  const per10k = (figures.entries_10000_total_ms ?? Number.NaN) / 10_000;
  const per100k = (figures.entries_100000_total_ms ?? Number.NaN) / 100_000;
  figures.per_entry_growth_100k_vs_10k = round(per100k / per10k);
  figures.per_entry_us_at_100k = round(per100k * 1000);
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchPostmortem(), null, 2)}\n`);
}
