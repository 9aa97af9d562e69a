import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { pageHandler } from '../../src/standin/page/routes.js';
import { ALICE, startWorkspace } from './helpers.js';

/** The page's endpoints without a browser: what they refuse, and files as a person downloads them. */

let standin: Standin;
let resets = 0;
beforeAll(async () => {
  standin = await startWorkspace();
  standin.setPageHandler(
    pageHandler(standin, {
      stateDir: '/somewhere/.warroom',
      reset: async () => void (resets += 1),
      startDrill: async () => undefined,
      stopDrill: async () => undefined,
      drill: () => undefined,
      drillChannels: () => [],
    }),
  );
});
afterAll(() => standin.close());

const post = (path: string, body: string, type = 'application/json') => fetch(`${standin.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

describe('the sandbox page endpoints', () => {
  it('serve the page, saying it is a local stand-in and where state is kept', async () => {
    const html = await (await fetch(`${standin.url}/`)).text();
    expect(html).toContain('local stand-in for Slack');
    expect(html).toContain('/somewhere/.warroom');
  });

  it('refuse anything but the page\'s own JSON, so another web site\'s form cannot reset the sandbox', async () => {
    const res = await post('/sandbox/reset', 'x=1', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(resets).toBe(0);
    expect((await post('/sandbox/reset', '{}')).status).toBe(200);
    expect(resets).toBe(1);
  });

  it('say which slash commands exist when someone types another one', async () => {
    const general = standin.addChannel({ name: 'general', members: [ALICE.id] }).id;
    const res = await post('/sandbox/send', JSON.stringify({ user: ALICE.id, channel: general, text: '/giphy cats' }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: '/giphy is not a command here; this workspace has only /incident.' });
  });

  it('offer an uploaded file for download under its own name, and as a page with its Markdown rendered', async () => {
    standin.state.files.set('F1', { id: 'F1', name: 'INC-1-postmortem.md', title: 'INC-1 postmortem', content: '# INC-1\n\n<script>x</script>\n\n```mermaid\ntimeline\n    7#58;00 PM : Declared\n```\n', size: 60, expected_length: 60, uploaded: true, completed: true, channels: [], user: ALICE.id, created: 0 });
    const download = await fetch(`${standin.url}/sandbox/files/F1/download`);
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="INC-1-postmortem.md"');
    expect(await download.text()).toContain('# INC-1');
    const page = await (await fetch(`${standin.url}/sandbox/files/F1`)).text();
    expect(page).toContain('<h1>INC-1</h1>');
    expect(page).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(page).toContain('<pre class="mermaid">timeline\n    7#58;00 PM : Declared\n</pre>');
    expect(page).toContain('<script src="/sandbox/vendor/mermaid.min.js"></script>');
    expect((await fetch(`${standin.url}/sandbox/vendor/mermaid.min.js`)).status).toBe(200);
  });
});
