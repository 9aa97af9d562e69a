import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileHtml } from '../../src/standin/page/file-html.js';
import type { FileRecord } from '../../src/standin/index.js';

/**
 * Someone closes an incident in the sandbox and opens the postmortem it uploaded. The draft gives
 * every entry an empty HTML anchor (`<a id="e12" name="e12"></a>`) so a citation is one click on
 * GitHub or GitLab; the sandbox's viewer must not print those anchors as text, and its citations
 * must lead somewhere, while anyone's text inside the file stays text.
 */

const draft = readFileSync(new URL('../postmortem/golden/kimby.md', import.meta.url), 'utf8');

function page(content: string): string {
  const f: FileRecord = { id: 'F1', name: 'INC-1-postmortem.md', title: 'INC-1 postmortem draft v1', content, size: content.length, expected_length: content.length, uploaded: true, completed: true, channels: [], user: 'U0ANA', created: 0 };
  return fileHtml(f);
}

describe('the postmortem as the sandbox shows it', () => {
  it('shows no anchor markup as text, and every citation (E12, A1) leads to its entry', () => {
    const html = page(draft);
    expect(html).not.toContain('&lt;a id=');
    expect(html).not.toContain('&lt;br&gt;');
    const ids = new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]));
    const links = [...html.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(10);
    expect(links.filter((l) => !ids.has(l))).toEqual([]);
  });

  it('still shows anyone\'s markup in the file as text: only the draft\'s own empty anchors and line breaks are drawn', () => {
    const html = page('Impact: <script>alert(1)</script> and <a href="javascript:x" id="e1" name="e1">click</a> <img src=x onerror=alert(1)>\n\n<div>block</div>\n');
    expect(html).not.toMatch(/<script>alert|<img |<div>block|<a href="javascript/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;a href=&quot;javascript:x&quot; id=&quot;e1&quot; name=&quot;e1&quot;&gt;click');
  });
});
