import { NARRATIVE_LABEL, type NarrativeField } from '../domain/narrative.js';
import { statusLabel } from '../domain/status.js';
import type { Cited, Draft, Measure, TimelineItem } from './draft-schema.js';
import { mdInline, mdLines, mdUrl, type People } from './markdown-text.js';

/**
 * The draft as a Markdown document modelled on a real team's postmortem: summary, key figures,
 * timeline, root cause and resolution, measures, a diagram, then what only people can write.
 * Built as a list of lines joined once, so 100,000 entries render in linear time.
 */

export const HUMAN_MARK = '✍️';
export const BOT_MARK = '⚙️';

interface Renderer {
  people: People;
  refs: Map<string, string>;
  out: string[];
  names: Map<string, string>;
}

function who(r: Renderer, user: string | undefined): string {
  if (!user) return 'the bot';
  let name = r.names.get(user);
  if (name === undefined) {
    name = mdInline(`@${r.people[user] ?? user}`, {});
    r.names.set(user, name);
  }
  return name;
}

/** ` [E3, E12]`: the entries a statement rests on, by the numbers the timeline shows. */
function cite(r: Renderer, c: Pick<Cited, 'cites' | 'items'>): string {
  const refs = [...new Set(c.cites.map((id) => r.refs.get(id)).filter((x): x is string => x !== undefined))];
  const all = [...refs, ...(c.items ?? [])];
  return all.length ? ` [${all.join(', ')}]` : '';
}

/**
 * A statement the bot derived. Its text never holds user text (the draft keeps that apart), so
 * it may use inline code for commands; only `|` is escaped, for table cells.
 */
function derived(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function statement(r: Renderer, c: Cited): string {
  return `${derived(c.text)}${cite(r, c)}`;
}

/** User text as a paragraph; its line breaks kept as hard breaks, blank lines as paragraph breaks. */
function paragraph(r: Renderer, text: string): void {
  const lines = mdLines(text, r.people);
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    r.out.push(line !== '' && next !== undefined && next !== '' ? `${line}\\` : line);
  });
  r.out.push('');
}

function renderSummary(r: Renderer, d: Draft): void {
  r.out.push('## Summary', '', statement(r, d.overview), '');
  for (const field of ['impact', 'resolution'] as const) {
    const n = d.narrative[field];
    if (n) r.out.push(`**${NARRATIVE_LABEL[field]}:** ${mdInline(n.text, r.people)}${cite(r, n)}`, '');
  }
  const summary = d.narrative.summary;
  if (summary) {
    paragraph(r, summary.text);
    if (summary.cites.length) r.out.push(`_Summary as recorded${cite(r, summary)}._`, '');
  } else {
    r.out.push(`${HUMAN_MARK} _No summary was recorded: see “What only a human can write” below._`, '');
  }
}

function table(r: Renderer, head: string[], rows: string[][]): void {
  r.out.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
  for (const row of rows) r.out.push(`| ${row.map((c) => c || ' ').join(' | ')} |`);
  r.out.push('');
}

function refsOf(r: Renderer, ids: string[]): string {
  return ids.map((id) => r.refs.get(id)).filter(Boolean).join(', ');
}

function renderKeyFigures(r: Renderer, d: Draft): void {
  r.out.push('## Key figures', '');
  table(
    r,
    ['Moment', 'When', 'Timeline'],
    d.keyTimes.map((k) => [k.label, k.when ?? '_not recorded_', refsOf(r, k.cites)]),
  );
  table(
    r,
    ['Interval', 'Measured', 'Duration', 'Timeline'],
    d.intervals.map((i) => [i.label, i.span, i.hint ? `_${derived(i.text)}_ (${derived(i.hint)})` : derived(i.text), refsOf(r, i.cites)]),
  );
  r.out.push(`- **Severity:** ${statement(r, d.severityHistory)}`, `- **Escalation:** ${statement(r, d.escalations)}`, '');
  r.out.push('**Responders**', '');
  table(
    r,
    ['Responder', 'Roles', 'Notes written', 'Changes made'],
    d.responders.map((p) => [who(r, p.user), p.roles.join(', ') || '—', String(p.written), String(p.changes)]),
  );
}

function renderItem(r: Renderer, item: TimelineItem): void {
  const head = `- **${item.ref}** · ${item.when} · `;
  if (item.kind === 'pin' && item.pin) {
    const link = item.pin.permalink ? ` ([message](${mdUrl(item.pin.permalink)}))` : '';
    const state = item.pin.deleted ? ', deleted in Slack after it was recorded' : item.pin.firstText !== undefined ? ', edited since' : '';
    r.out.push(`${head}📌 pinned message from ${who(r, item.author)}${link}${state}:`);
    for (const line of mdLines(item.text || '(empty message)', r.people)) r.out.push(`  > ${line}`);
    if (item.pin.firstText !== undefined) {
      r.out.push('  >', '  > _First posted as:_');
      for (const line of mdLines(item.pin.firstText || '(empty message)', r.people)) r.out.push(`  > ${line}`);
    }
    return;
  }
  const text = mdInline(item.text, r.people) || '(no text)';
  if (item.human) r.out.push(`${head}${text} — ${who(r, item.author)}`);
  else r.out.push(`${head}${BOT_MARK} _${text}_${item.author ? ` — ${who(r, item.author)}` : ''}`);
}

function renderTimeline(r: Renderer, d: Draft): void {
  const t = d.timeline;
  r.out.push('## Timeline', '', `${derived(t.note)} ${t.human} entries were written by people; the ${t.automatic} marked ${BOT_MARK} were recorded by the bot as the incident changed.`, '');
  if (t.items.length === 0) r.out.push('_Nothing was recorded._');
  for (const item of t.items) renderItem(r, item);
  r.out.push('');
}

function renderNarrative(r: Renderer, d: Draft, field: NarrativeField): void {
  r.out.push(`### ${NARRATIVE_LABEL[field]}`, '');
  const n = d.narrative[field];
  if (!n) {
    r.out.push(`${HUMAN_MARK} _Not recorded yet: \`/incident ${field} <text>\`. See “What only a human can write” below._`, '');
    return;
  }
  paragraph(r, n.text);
  if (n.cites.length) r.out.push(`_As recorded${cite(r, n)}._`, '');
}

function measureRow(r: Renderer, m: Measure): string[] {
  const owner = m.owner ? who(r, m.owner) : m.missing.includes('owner') ? '⚠️ **no owner**' : '—';
  const due = m.dueText ?? (m.missing.includes('due date') ? '⚠️ **no due date**' : '—');
  const refs = refsOf(r, m.cites);
  return [m.label, mdInline(m.text, r.people), owner, due, m.state, refs];
}

function renderMeasures(r: Renderer, d: Draft): void {
  r.out.push('## Corrective and preventive measures', '');
  for (const kind of ['corrective', 'preventive'] as const) {
    r.out.push(`### ${kind === 'corrective' ? 'Corrective' : 'Preventive'}`, '');
    const items = d.measures.filter((m) => m.kind === kind);
    if (items.length === 0) r.out.push(`_None recorded: \`/incident action add <text> [@owner] [due <date>] ${kind}\`._`, '');
    else table(r, ['Item', 'Measure', 'Owner', 'Due', 'Status', 'Timeline'], items.map((m) => measureRow(r, m)));
  }
  const flagged = d.measures.filter((m) => m.missing.length > 0);
  if (flagged.length) r.out.push(`⚠️ ${flagged.map((m) => `${m.label} has no ${m.missing.join(' and no ')}`).join('; ')}.`, '');
}

/** Mermaid's timeline splits on `:`; its own entity form is `#58;` (an HTML `&#58;` is drawn as "&:"). */
function mermaidText(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/:/g, '#58;');
}

function renderDiagram(r: Renderer, d: Draft): void {
  r.out.push('## Status phases', '');
  if (d.phases.length === 0) {
    r.out.push('_No status changes were recorded._', '');
    return;
  }
  r.out.push('```mermaid', 'timeline', `    title ${mermaidText(`${d.label} status phases`)}`);
  for (const p of d.phases) r.out.push(`    ${mermaidText(p.when)} : ${mermaidText(p.duration ? `${p.label} for ${p.duration}` : p.label)}`);
  r.out.push('```', '', `_From ${d.phases.map((p) => r.refs.get(p.cites[0] ?? '')).filter(Boolean).join(', ') || 'the key times'}._`, '');
}

function renderHuman(r: Renderer, d: Draft): void {
  r.out.push(
    `## ${HUMAN_MARK} What only a human can write`,
    '',
    `> **To be written by the team.** The bot cannot know these. The prompts come from the record; replace them with your own words.`,
    '',
  );
  for (const section of d.human) {
    r.out.push(`### ${HUMAN_MARK} ${section.title}`, '', `_${derived(section.why)}_ Prompts:`, '');
    for (const p of section.prompts) r.out.push(`- ${statement(r, p)}`);
    r.out.push('');
  }
}

/** One blank line between blocks, none at the end; done on the lines, not on a 16 MB string. */
function tidy(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) if (line !== '' || (out.length > 0 && out[out.length - 1] !== '')) out.push(line);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export function renderMarkdown(d: Draft): string {
  const refs = new Map<string, string>();
  for (const item of d.timeline.items) refs.set(item.id, item.ref);
  const r: Renderer = { people: d.people, refs, out: [], names: new Map() };
  r.out.push(
    `# ${mdInline(d.heading, d.people)}`,
    '',
    `_Postmortem draft v${d.version}, generated by warroom on ${d.generatedWhen} from ${d.timeline.items.length} timeline entries and ${d.measures.length} action items. ` +
      `Status: ${statusLabel(d.status)}. Statements the bot derived cite the timeline entries they come from, like [E1]; sections marked ${HUMAN_MARK} are for people to write._`,
    '',
  );
  renderSummary(r, d);
  renderKeyFigures(r, d);
  renderTimeline(r, d);
  r.out.push('## Root cause and resolution', '');
  renderNarrative(r, d, 'cause');
  renderNarrative(r, d, 'resolution');
  renderMeasures(r, d);
  renderDiagram(r, d);
  renderHuman(r, d);
  return `${tidy(r.out).join('\n')}\n`;
}
