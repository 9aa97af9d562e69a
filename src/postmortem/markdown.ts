import { NARRATIVE_LABEL, type NarrativeField } from '../domain/narrative.js';
import { statusLabel } from '../domain/status.js';
import type { Cited, Draft, Measure, TimelineItem } from './draft-schema.js';
import { renderConclusion } from './markdown-conclusion.js';
import { renderDiagram } from './markdown-diagram.js';
import { anchor, cite, cellRefs, type Renderer, who } from './markdown-links.js';
import { mdCell, mdInline, mdLines, mdUrl } from './markdown-text.js';

/**
 * The draft as a Markdown document modelled on a real team's postmortem: summary, key figures,
 * the timeline of what happened, root cause and resolution, measures, a diagram, a conclusion,
 * what only people can write, and the full record. Every citation links to its entry's anchor.
 * Built as a list of lines joined once, so 100,000 entries render in linear time.
 */

export const HUMAN_MARK = '✍️';
export const BOT_MARK = '⚙️';
export const FULL_RECORD_ANCHOR = 'the-full-record';

/** A statement the bot derived: its text holds no user text, so it needs no escaping outside tables. */
function statement(r: Renderer, c: Cited): string {
  return `${c.text}${cite(r, c)}`;
}

/** User text as a paragraph; its line breaks kept as hard breaks, blank lines as paragraph breaks. */
function paragraph(r: Renderer, text: string, lead = ''): void {
  const lines = mdLines(text, r.people);
  if (lead && lines.length) lines[0] = `${lead}${lines[0] ?? ''}`;
  lines.forEach((line, i) => {
    const next = lines[i + 1];
    r.out.push(line !== '' && next !== undefined && next !== '' ? `${line}\\` : line);
  });
  r.out.push('');
}

function renderSummary(r: Renderer, d: Draft): void {
  r.out.push('## Summary', '', statement(r, d.overview), '');
  const impact = d.narrative.impact;
  if (impact) r.out.push(`${anchor('impact')}**${NARRATIVE_LABEL.impact}:** ${mdInline(impact.text, r.people)}${cite(r, impact)}`, '');
  const summary = d.narrative.summary;
  if (summary) {
    paragraph(r, summary.text, anchor('summary-text'));
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

/** Derived text in a table cell: only `|` would break it. */
function derivedCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function renderKeyFigures(r: Renderer, d: Draft): void {
  r.out.push('## Key figures', '');
  table(
    r,
    ['Moment', 'When', 'Timeline'],
    d.keyTimes.map((k) => [k.label, k.when ?? '_not recorded_', cellRefs(r, k.cites)]),
  );
  table(
    r,
    ['Interval', 'Measured', 'Duration', 'Timeline'],
    d.intervals.map((i) => [i.label, i.span, i.hint ? `_${derivedCell(i.text)}_ (${derivedCell(i.hint)})` : derivedCell(i.text), cellRefs(r, i.cites)]),
  );
  r.out.push(`- **Severity:** ${statement(r, d.severityHistory)}`, `- **Escalation:** ${statement(r, d.escalations)}`, '');
  r.out.push('**Responders**', '');
  table(
    r,
    ['Responder', 'Roles', 'Notes written', 'Changes made'],
    d.responders.map((p) => [who(r, p.user), p.roles.join(', ') || '—', String(p.written), String(p.changes)]),
  );
}

function quote(r: Renderer, text: string, indent = '  '): void {
  for (const line of mdLines(text || '(empty message)', r.people)) r.out.push(line === '' ? `${indent}>` : `${indent}> ${line}`);
}

function renderHistory(r: Renderer, item: TimelineItem): void {
  if (!item.history) return;
  for (const v of item.history) {
    r.out.push(`  - _Corrected by ${who(r, v.by)} at ${v.replacedWhen}; it said, at ${v.when}:_ ${mdInline(v.text, r.people) || '(no text)'}`);
  }
}

function renderItem(r: Renderer, item: TimelineItem, byId: Map<string, TimelineItem>): void {
  const head = `- ${anchor(item.anchor)}**${item.ref}** · ${item.when} · `;
  if (item.deleted) {
    r.out.push(`${head}_Struck from the timeline by ${who(r, item.deleted.by)} at ${item.deleted.when}; it said:_ ${mdInline(item.text, r.people) || '(no text)'}${item.author ? ` — ${who(r, item.author)}` : ''}`);
    renderHistory(r, item);
    return;
  }
  if (item.kind === 'pin' && item.pin) {
    const link = item.pin.permalink ? ` ([message](${mdUrl(item.pin.permalink)}))` : '';
    const state = item.pin.deleted ? ', deleted in Slack after it was recorded' : item.pin.firstText !== undefined ? ', edited since' : '';
    const what = item.pin.added ? `💬 message from ${who(r, item.author)}, added to the timeline` : `📌 pinned message from ${who(r, item.author)}`;
    r.out.push(`${head}${what}${link}${state}:`);
    quote(r, item.text);
    if (item.pin.firstText !== undefined) {
      r.out.push('  >', '  > _First posted as:_');
      quote(r, item.pin.firstText);
    }
    if (item.pin.comments) for (const c of item.pin.comments) r.out.push(`  - _Comment by ${who(r, c.by)} at ${c.when}:_ ${mdInline(c.text, r.people)}`);
    return;
  }
  if (item.kind === 'update') {
    r.out.push(`${head}📣 **Status update** from ${who(r, item.author)}:`);
    quote(r, item.text);
    renderHistory(r, item);
    return;
  }
  if (item.currentField) {
    const label = NARRATIVE_LABEL[item.currentField];
    r.out.push(`${head}${BOT_MARK} ${label} recorded by ${who(r, item.author)}: the text shown under [${label}](#${item.currentField === 'summary' ? 'summary-text' : item.currentField}).`);
    return;
  }
  const corrected = item.corrects ? byId.get(item.corrects) : undefined;
  const text = mdInline(item.text, r.people) || '(no text)';
  const about = corrected ? ` (see [${corrected.ref}](#${corrected.anchor}))` : '';
  if (item.human) r.out.push(`${head}${text} — ${who(r, item.author)}`);
  else r.out.push(`${head}${BOT_MARK} ${text}${about}${item.author ? ` — ${who(r, item.author)}` : ''}`);
  renderHistory(r, item);
}

function renderTimeline(r: Renderer, d: Draft, byId: Map<string, TimelineItem>): void {
  const t = d.timeline;
  const shown = t.items.length - t.folded;
  const folded = t.folded
    ? ` The ${t.folded} entries of bookkeeping (times set, texts recorded, action items, corrections) are in [the full record](#${FULL_RECORD_ANCHOR}) at the end, numbered in the same sequence.`
    : '';
  r.out.push('## Timeline', '', `${t.note} What people wrote, and how the incident changed (${BOT_MARK}: status, severity, roles, escalations and pages).${folded}`, '');
  if (shown === 0) r.out.push('_Nothing was recorded._');
  for (const item of t.items) if (!item.folded) renderItem(r, item, byId);
  r.out.push('');
}

function renderNarrative(r: Renderer, d: Draft, field: NarrativeField): void {
  r.out.push(`### ${anchor(field)}${NARRATIVE_LABEL[field]}`, '');
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
  return [`${anchor(m.label.toLowerCase())}${m.label}`, mdCell(m.text, r.people), owner, due, m.state, cellRefs(r, m.cites)];
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

function renderHuman(r: Renderer, d: Draft): void {
  r.out.push(
    `## ${HUMAN_MARK} What only a human can write`,
    '',
    `> **To be written by the team.** The bot cannot know these. The prompts come from the record; replace them with your own words.`,
    '',
  );
  for (const section of d.human) {
    r.out.push(`### ${HUMAN_MARK} ${section.title}`, '', `_${section.why}_ Prompts:`, '');
    for (const p of section.prompts) r.out.push(`- ${statement(r, p)}`);
    r.out.push('');
  }
}

function renderFullRecord(r: Renderer, d: Draft, byId: Map<string, TimelineItem>): void {
  const t = d.timeline;
  if (t.folded === 0) return;
  r.out.push(
    `## ${anchor(FULL_RECORD_ANCHOR)}Appendix: the full record`,
    '',
    `The entries the timeline leaves out, so nothing recorded is lost: ${BOT_MARK} bookkeeping the bot did as people set times, recorded texts and managed action items, corrections, and entries struck from the timeline.`,
    '',
  );
  for (const item of t.items) if (item.folded) renderItem(r, item, byId);
  r.out.push('');
}

/** One blank line between blocks, none at the end; compacted in place, not copied (100,000 entries make 150,000 lines). */
function tidy(lines: string[]): string[] {
  let n = 0;
  for (const line of lines) if (line !== '' || (n > 0 && lines[n - 1] !== '')) lines[n++] = line;
  while (n > 0 && lines[n - 1] === '') n--;
  lines.length = n;
  return lines;
}

export function renderMarkdown(d: Draft): string {
  const byId = new Map<string, TimelineItem>();
  for (const item of d.timeline.items) byId.set(item.id, item);
  const r: Renderer = { people: d.people, refs: byId, out: [], names: new Map() };
  r.out.push(
    `# ${mdInline(d.heading, d.people)}`,
    '',
    `_Postmortem draft v${d.version}, generated by warroom on ${d.generatedWhen} from ${d.timeline.items.length} timeline entries and ${d.measures.length} action items. ` +
      `Status: ${statusLabel(d.status)}. Statements the bot derived link to the timeline entries they come from (E1 is the first entry); sections marked ${HUMAN_MARK} are for people to write._`,
    '',
  );
  renderSummary(r, d);
  renderKeyFigures(r, d);
  renderTimeline(r, d, byId);
  r.out.push('## Root cause and resolution', '');
  renderNarrative(r, d, 'cause');
  renderNarrative(r, d, 'resolution');
  renderMeasures(r, d);
  renderDiagram(r, d);
  renderConclusion(r, d);
  renderHuman(r, d);
  renderFullRecord(r, d, byId);
  return `${tidy(r.out).join('\n')}\n`;
}
