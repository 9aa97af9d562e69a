import type { Draft } from './draft-schema.js';
import { cite, type Renderer } from './markdown-links.js';
import { mdInline } from './markdown-text.js';

const HUMAN_MARK = '✍️';

/**
 * "In conclusion": cause, fix, and what will stop it happening again, each quoted from the
 * record with a link to where it was recorded. What the record lacks is marked ✍️ for the team,
 * never filled in.
 */
export function renderConclusion(r: Renderer, d: Draft): void {
  const c = d.conclusion;
  r.out.push('## Conclusion', '');
  const lines: string[] = [];
  lines.push(
    c.cause
      ? `- **Cause:** ${mdInline(c.cause.text, r.people)}${cite(r, c.cause)}`
      : `- ${HUMAN_MARK} **Cause:** _not recorded; write it with \`/incident cause <text>\`._`,
  );
  const lasted = c.lasted ? ` Impact lasted ${c.lasted.text}${cite(r, c.lasted)}.` : '';
  lines.push(
    c.resolution
      ? `- **Fixed by:** ${mdInline(c.resolution.text, r.people)}${cite(r, c.resolution)}${lasted}`
      : `- ${HUMAN_MARK} **Fixed by:** _not recorded; write it with \`/incident resolution <text>\`._${lasted}`,
  );
  const measures = [
    ...c.preventive.map((m) => ({ ...m, kind: 'preventive' })),
    ...c.corrective.map((m) => ({ ...m, kind: 'corrective' })),
  ];
  if (measures.length === 0) {
    lines.push(`- ${HUMAN_MARK} **So it does not happen again:** _no measure is recorded; add them with \`/incident action add <text> [@owner] [due <date>] [corrective|preventive]\`._`);
  } else {
    lines.push(`- **So it does not happen again:** ${measures.map((m) => `${mdInline(m.text, r.people)} (${m.kind}${cite(r, { cites: [], items: [m.label] }).replace(/^ \((.*)\)$/, ', $1')})`).join('; ')}.`);
    if (c.preventive.length === 0) lines.push(`- ${HUMAN_MARK} _Every measure recorded is corrective: what would stop this kind of failure from happening again?_`);
  }
  const lacks = c.missing.map((m) => `the ${m}`);
  const lacking = lacks.length > 1 ? `${lacks.slice(0, -1).join(', ')} and ${lacks[lacks.length - 1] ?? ''}` : (lacks[0] ?? '');
  r.out.push(`In conclusion${lacking ? ` (${HUMAN_MARK} the record lacks ${lacking}; the team should complete it)` : ''}:`, '', ...lines, '');
}
