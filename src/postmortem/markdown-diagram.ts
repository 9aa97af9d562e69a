import type { Draft } from './draft-schema.js';
import { type Renderer, cellRefs } from './markdown-links.js';

/**
 * The status phases as a Mermaid timeline. Mermaid splits a line on `:` followed by a blank and
 * a period may hold no `:` at all, and it decodes no HTML entity there: so each phase is the
 * period and its times are the events (`7:05 PM EAT` has no blank after its colon), and any
 * `: ` left in a text becomes ` - `. Checked with Mermaid's own parser in
 * tests/postmortem/mermaid.test.ts.
 */

function period(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/[:#;]/g, ' ').replace(/\s+/g, ' ').trim();
}

function event(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').replace(/:(?=\s|$)/g, ' -').replace(/[#;]/g, ' ').replace(/\s+/g, ' ').trim();
}

export function renderDiagram(r: Renderer, d: Draft): void {
  r.out.push('## Status phases', '');
  if (d.phases.length === 0) {
    r.out.push('_No status changes were recorded._', '');
    return;
  }
  r.out.push('```mermaid', 'timeline', `    title ${period(`${d.label} status phases`)}`);
  for (const p of d.phases) {
    const events = [event(`${p.duration ? 'from ' : ''}${p.when}`), ...(p.duration ? [event(`for ${p.duration}`)] : [])];
    r.out.push(`    ${period(p.label)} : ${events.join(' : ')}`);
  }
  r.out.push('```', '', `_From ${cellRefs(r, d.phases.flatMap((p) => p.cites.slice(0, 1))) || 'the key times'}._`, '');
}
