import { actionItemLabel } from '../domain/action-item.js';
import { NARRATIVE_FIELDS, NARRATIVE_LABEL, type NarrativeField } from '../domain/narrative.js';
import { severityLabel } from '../domain/severity.js';
import { formatExactDuration as formatDuration } from '../domain/time-format.js';
import type { TimelineEntry } from '../domain/timeline.js';
import { entriesOf, keyTimeCites, MAX_CITES, plural, times, type DraftContext } from './draft-context.js';
import type { Cited, HumanSection } from './draft-schema.js';

/**
 * What only people can write, with questions drawn from the record so nobody starts from a
 * blank page. Every prompt states facts the record holds, cites them, and asks; none guesses.
 */

function wentWell(ctx: DraftContext): Cited[] {
  const k = ctx.incident.keyTimes;
  const out: Cited[] = [];
  const ack = entriesOf(ctx, 'ack')[0];
  const firstPage = entriesOf(ctx, 'page')[0];
  if (ack && firstPage && ack.at >= firstPage.at) {
    out.push({ text: `The first page was acknowledged ${formatDuration(ack.at - firstPage.at)} after it was sent. What made that quick, or slow?`, cites: [firstPage.id, ack.id] });
  }
  if (k.mitigated !== undefined && k.mitigated >= ctx.start.at) {
    out.push({ text: `Impact was mitigated ${formatDuration(k.mitigated - ctx.start.at)} after it started. What helped most?`, cites: [...keyTimeCites(ctx, ctx.start.key), ...keyTimeCites(ctx, 'mitigated')] });
  }
  const { written } = ctx;
  if (written.count > 0) {
    out.push({
      text: `${plural(written.count, 'timeline entry', 'timeline entries')} were written by ${plural(written.byAuthor.size, 'person', 'people')} while it happened. Did the record help the people joining late?`,
      cites: written.first,
    });
  }
  if (out.length === 0) out.push({ text: 'The record holds nothing to judge by yet. What went well for the responders?', cites: [] });
  return out;
}

function wentWrong(ctx: DraftContext): Cited[] {
  const k = ctx.incident.keyTimes;
  const out: Cited[] = [];
  const startCites = keyTimeCites(ctx, ctx.start.key);
  if (k.identified !== undefined && k.identified >= ctx.start.at) {
    const idCites = keyTimeCites(ctx, 'identified');
    const identified = k.identified;
    let last: TimelineEntry | undefined;
    for (const e of [...entriesOf(ctx, 'escalation'), ...entriesOf(ctx, 'page')]) if (e.at <= identified && (!last || e.at >= last.at)) last = e;
    if (last && last.at >= ctx.start.at) {
      out.push({
        text: `It took ${formatDuration(last.at - ctx.start.at)} from the first report to the people who found the cause: see the ${last.kind === 'page' ? 'page' : 'escalation'} at ${ctx.when(last.at)}. What would have brought them in sooner?`,
        cites: [...startCites, last.id, ...idCites],
      });
    } else {
      out.push({ text: `It took ${formatDuration(k.identified - ctx.start.at)} from the first report to identifying the cause. What slowed the diagnosis?`, cites: [...startCites, ...idCites] });
    }
  }
  const { gap } = ctx;
  if (gap) {
    out.push({
      text: `Nothing was recorded for ${formatDuration(gap.to.at - gap.from.at)}, between ${ctx.when(gap.from.at)} and ${ctx.when(gap.to.at)}. What was happening then?`,
      cites: [gap.from.id, gap.to.id],
    });
  }
  const severity = entriesOf(ctx, 'severity');
  if (severity.length) out.push({ text: `The severity was changed ${times(severity.length)}. Was the first assessment right?`, cites: severity.slice(0, MAX_CITES).map((e) => e.id) });
  const reopened = entriesOf(ctx, 'reopened');
  if (reopened.length) out.push({ text: `The incident was reopened ${times(reopened.length)}. What did the first resolution miss?`, cites: reopened.slice(0, MAX_CITES).map((e) => e.id) });
  const deleted = entriesOf(ctx, 'pin').filter((e) => e.pin?.deleted);
  if (deleted.length) out.push({ text: `${plural(deleted.length, 'pinned message was', 'pinned messages were')} deleted in Slack after being recorded. Was something said that turned out wrong?`, cites: deleted.slice(0, MAX_CITES).map((e) => e.id) });
  if (out.length === 0) out.push({ text: 'The record shows no delay or change of course to ask about. What went wrong for the responders or the customers?', cites: [] });
  return out;
}

function lessons(ctx: DraftContext): Cited[] {
  const out: Cited[] = [];
  const cause = ctx.narrativeSources.get('cause');
  if (ctx.incident.cause !== undefined) {
    out.push({ text: 'A root cause is recorded. What let it reach customers, and what would have caught it earlier?', cites: cause ? [cause.id] : [] });
  }
  const live = ctx.actions.filter((a) => a.state !== 'cancelled');
  const labels = live.map((a) => actionItemLabel(a.id));
  if (live.length === 0) {
    out.push({ text: 'No corrective or preventive measure is recorded. Add them with `/incident action add <text> [@owner] [due <date>] [corrective|preventive]`.', cites: [] });
  } else {
    const corrective = live.filter((a) => a.kind === 'corrective').length;
    out.push({
      text: `${plural(corrective, 'corrective measure')} and ${plural(live.length - corrective, 'preventive measure')} are recorded. Does each one stop this from happening again, or make it smaller?`,
      cites: [],
      items: labels.slice(0, MAX_CITES),
    });
    const unowned = live.filter((a) => a.state === 'open' && !a.owner);
    const undated = live.filter((a) => a.state === 'open' && !a.due);
    if (unowned.length || undated.length) {
      out.push({
        text: `${plural(unowned.length, 'open measure has', 'open measures have')} no owner and ${plural(undated.length, 'has', 'have')} no due date. Who will do them, and by when?`,
        cites: [],
        items: [...new Set([...unowned, ...undated].map((a) => actionItemLabel(a.id)))].slice(0, MAX_CITES),
      });
    }
  }
  return out;
}

function missingNarrative(ctx: DraftContext, field: NarrativeField): Cited[] {
  const k = ctx.incident.keyTimes;
  const command = `\`/incident ${field} <text>\``;
  const out: Cited[] = [];
  if (field === 'summary') {
    const first = ctx.entries[0];
    const last = ctx.entries[ctx.entries.length - 1];
    if (first && last) out.push({ text: `The record has ${plural(ctx.entries.length, 'entry', 'entries')} from ${ctx.when(first.at)} to ${ctx.when(last.at)}. In two or three sentences, what happened?`, cites: [first.id, last.id] });
  } else if (field === 'impact') {
    const lasted = k.resolved !== undefined && k.resolved >= ctx.start.at ? ` and lasted ${formatDuration(k.resolved - ctx.start.at)}` : '';
    out.push({ text: `It was ${severityLabel(ctx.incident.severity)}${lasted}. Who was affected, how many, and what could they not do?`, cites: [...keyTimeCites(ctx, ctx.start.key), ...(lasted ? keyTimeCites(ctx, 'resolved') : [])] });
  } else if (field === 'cause') {
    if (k.identified !== undefined) out.push({ text: `The status became Identified at ${ctx.when(k.identified)}. What was found then, and why did it happen?`, cites: keyTimeCites(ctx, 'identified') });
    else out.push({ text: 'The status never became Identified. What caused it?', cites: [] });
  } else {
    if (k.mitigated !== undefined) out.push({ text: `Impact was mitigated at ${ctx.when(k.mitigated)}. What was done, and what made it work?`, cites: keyTimeCites(ctx, 'mitigated') });
    else if (k.resolved !== undefined) out.push({ text: `It was resolved at ${ctx.when(k.resolved)}. What was done?`, cites: keyTimeCites(ctx, 'resolved') });
    else out.push({ text: 'It is not resolved yet. What will fix it?', cites: [] });
  }
  out.push({ text: `Record it with ${command}, then \`/incident postmortem\` drafts again.`, cites: [] });
  return out;
}

export function humanSections(ctx: DraftContext): HumanSection[] {
  const judge = 'Only the people involved can judge this.';
  const sections: HumanSection[] = [
    { key: 'went-well', title: 'What went well', why: judge, prompts: wentWell(ctx) },
    { key: 'went-wrong', title: 'What went wrong', why: judge, prompts: wentWrong(ctx) },
    { key: 'lessons', title: 'Lessons learned', why: judge, prompts: lessons(ctx) },
  ];
  for (const field of NARRATIVE_FIELDS) {
    if (ctx.incident[field] !== undefined) continue;
    sections.push({ key: field, title: NARRATIVE_LABEL[field], why: 'Nobody recorded it.', prompts: missingNarrative(ctx, field) });
  }
  return sections;
}
