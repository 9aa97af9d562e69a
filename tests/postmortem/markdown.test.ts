import { describe, expect, it } from 'vitest';
import { buildDraft } from '../../src/postmortem/draft.js';
import { renderMarkdown } from '../../src/postmortem/markdown.js';
import { mdInline, mdLines, slackToPlain } from '../../src/postmortem/markdown-text.js';
import { action, ANA, at, BO, entry, incident, NAMES } from './fixtures.js';
import { kimbyRecord } from './kimby-record.js';

/** `## Heading` → its lines, so a test can look inside one section. */
function sections(md: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of md.split(/^(?=## )/m)) out.set(part.split('\n')[0] ?? '', part);
  return out;
}

/** Cells of a GFM table row, honouring `\|`. */
function cells(row: string): string[] {
  return row.replace(/^\|\s?|\s?\|$/g, '').split(/(?<!\\)\|/).map((c) => c.trim());
}

const md = renderMarkdown(buildDraft({ ...kimbyRecord(), names: NAMES }));

describe('the Markdown draft', () => {
  it('has the sections of the reference postmortem, in its order, then what people must write', () => {
    expect(md.split('\n')[0]).toBe('# INC-7: Authentication failing for new customers');
    expect([...md.matchAll(/^## (.*)$/gm)].map((m) => m[1])).toEqual([
      'Summary',
      'Key figures',
      'Timeline',
      'Root cause and resolution',
      'Corrective and preventive measures',
      'Status phases',
      '✍️ What only a human can write',
    ]);
  });

  it('opens with the window, duration, severity and impact, each citing its timeline entries', () => {
    const summary = sections(md).get('## Summary') ?? '';
    expect(summary).toContain('Between 7:00 PM and 9:00 PM EAT on May 13, 2023 (2 hours), INC-7 was a SEV2 incident. [E1, E13]');
    expect(summary).toContain('**Impact:** around 65% of new customers could not log in; purchases halted [E14]');
    expect(md).toContain('- **E1** · 7:00 PM EAT · ⚙️ _Impact started time set_ — @ana');
    expect(md).toContain('- **E13** · 9:00 PM EAT · ⚙️ _Status changed from Monitoring to Resolved_ — @ana');
  });

  it('writes what people said plainly and marks what the bot recorded', () => {
    expect(md).toContain('- **E6** · 7:30 PM EAT · The team discovered that no authentication was going through even for authorized users. They began by checking the database system. — @bo');
  });

  it('flags a measure without owner or due date in its table row', () => {
    const row = md.split('\n').find((l) => l.startsWith('| A3 |')) ?? '';
    expect(cells(row)).toEqual(['A3', 'Review database schema and queries', '⚠️ **no owner**', '⚠️ **no due date**', 'open', '']);
  });

  it('draws the status phases as a Mermaid timeline, with colons the diagram can read', () => {
    const diagram = /```mermaid\n([\s\S]*?)```/.exec(md)?.[1] ?? '';
    expect(diagram.split('\n')[0]).toBe('timeline');
    expect(diagram).toContain('    8#58;35 PM EAT : Identified for 10 minutes');
    for (const line of diagram.split('\n').slice(2).filter(Boolean)) expect(line.split(':').length).toBe(2);
  });

  it('marks every section only people can write', () => {
    const human = sections(md).get('## ✍️ What only a human can write') ?? '';
    expect([...human.matchAll(/^### (.*)$/gm)].map((m) => m[1])).toEqual(['✍️ What went well', '✍️ What went wrong', '✍️ Lessons learned', '✍️ Summary']);
    expect(human).toContain('To be written by the team.');
    expect(human).toContain('- Nothing was recorded for 35 minutes, between 7:45 PM EAT and 8:20 PM EAT. What was happening then? [E7, E8]');
  });
});

describe('user text in Markdown', () => {
  const nasty = 'a | b `code` # not a heading *bold* _it_ [link](http://x) <script>alert(1)</script> &copy; ~~gone~~';

  it('escapes everything Markdown would read as markup', () => {
    expect(mdInline(nasty, {})).toBe(
      'a \\| b \\`code\\` \\# not a heading \\*bold\\* \\_it\\_ \\[link\\](http://x) \\<script\\>alert(1)\\</script\\> &amp;copy; \\~\\~gone\\~\\~',
    );
  });

  it('defuses what only matters at the start of a line', () => {
    expect(mdLines('# title\n- item\n1. first\n    code\n===\n> quote', {})).toEqual(['\\# title', '\\- item', '1\\. first', 'code', '\\===', '\\> quote']);
  });

  it('turns Slack mentions and links into plain text with names', () => {
    expect(slackToPlain('ask <@U0BO> in <#C1|db> see <https://x.io/a|runbook> or <!here>', { U0BO: 'bo' })).toBe('ask @bo in #db see runbook (https://x.io/a) or @here');
  });

  it('never breaks a table, a heading or the timeline, whatever a note or a measure says', () => {
    const t = at('2023-05-13', 19, 5);
    const md = renderMarkdown(
      buildDraft({
        incident: incident({ title: 'Checkout | payments # down `now`', impact: 'line one\n## line two | pipe', cause: '1. first\n2. second' }),
        entries: [entry('declared', t, 'declared'), entry('note', t + 1, `${nasty}\nsecond line`, { author: BO })],
        actions: [action(1, { text: 'fix | the `thing`', owner: ANA })],
        names: NAMES,
        now: t,
      }),
    );
    expect(md.split('\n')[0]).toBe('# INC-7: Checkout \\| payments \\# down \\`now\\`');
    expect(md.match(/^# /gm)).toHaveLength(1);
    expect(md.match(/^## /gm)).toHaveLength(7);
    const row = md.split('\n').find((l) => l.startsWith('| A1 |')) ?? '';
    expect(cells(row)).toEqual(['A1', 'fix \\| the \\`thing\\`', '@ana', '⚠️ **no due date**', 'open', '']);
    expect(md).toContain(`**Impact:** line one<br>\\#\\# line two \\| pipe`);
    expect(md).toContain('- **E2** · 7:05 PM EAT · a \\| b');
    expect(md).toContain('second line — @bo');
    expect(md).toMatch(/### Root cause\n\n1\\\. first\\\n2\\\. second\n/);
    expect(md).not.toContain('<script>');
  });

  it('quotes a pinned message with its link, its first text when edited, and says when it was deleted', () => {
    const t = at('2023-05-13', 19, 30);
    const pin = { channel: 'C1', ts: '1.2', permalink: 'https://t.slack.com/archives/C1/p12' };
    const md = renderMarkdown(
      buildDraft({
        incident: incident(),
        entries: [
          entry('pin', t, 'CPU at 98%', { author: BO, source: 'reaction', pin: { ...pin, history: ['CPU at 100%'] } }),
          entry('pin', t + 60_000, 'it was the cache', { author: BO, source: 'reaction', pin: { ...pin, deleted: true } }),
        ],
        actions: [],
        names: NAMES,
        now: t,
      }),
    );
    expect(md).toContain(
      ['- **E1** · 7:30 PM EAT · 📌 pinned message from @bo ([message](https://t.slack.com/archives/C1/p12)), edited since:', '  > CPU at 98%', '  >', '  > _First posted as:_', '  > CPU at 100%'].join('\n'),
    );
    expect(md).toContain('- **E2** · 7:31 PM EAT · 📌 pinned message from @bo ([message](https://t.slack.com/archives/C1/p12)), deleted in Slack after it was recorded:\n  > it was the cache');
  });
});
