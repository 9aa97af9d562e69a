import { buildDraft, referencedUsers } from '../src/postmortem/draft.js';
import { renderMarkdown } from '../src/postmortem/markdown.js';
import { record } from './postmortem.js';
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
for (const n of [10_000, 100_000]) {
  const r = record(n);
  const names = new Map([...referencedUsers(r.incident, r.entries, r.actions)].map((id) => [id, id.slice(3).toLowerCase()]));
  let best = [Infinity, Infinity];
  for (let i = 0; i < 5; i++) {
    const t0 = cpu();
    const d = buildDraft({ ...r, names, now: r.incident.keyTimes.closed ?? 0 });
    const t1 = cpu();
    renderMarkdown(d);
    const t2 = cpu();
    best = [Math.min(best[0]!, t1 - t0), Math.min(best[1]!, t2 - t1)];
  }
  console.log(n, 'cpu ms: draft', Math.round(best[0]!), 'render', Math.round(best[1]!));
}
