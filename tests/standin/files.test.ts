import type { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Standin } from '../../src/standin/index.js';
import { ALICE, clientFor, slackError, startWorkspace } from './helpers.js';

let standin: Standin;
let client: WebClient;
let incident: string;

beforeAll(async () => {
  standin = await startWorkspace();
  client = clientFor(standin);
});
afterAll(() => standin.close());
beforeEach(async () => {
  standin.reset();
  standin.addUser(ALICE);
  const res = await client.conversations.create({ name: 'inc-1' });
  incident = res.channel?.id ?? '';
});

const draft = '# INC-1 postmortem\n\n## Timeline\n- 19:05 EAT déclaré ✅\n';

describe('uploading the postmortem draft', () => {
  it('runs filesUploadV2 end to end: URL, bytes, completion, a message in the channel', async () => {
    const res = await client.filesUploadV2({
      channel_id: incident,
      content: draft,
      filename: 'inc-1-postmortem.md',
      title: 'INC-1 postmortem (draft)',
      initial_comment: 'Draft postmortem attached',
    });
    expect(res.ok).toBe(true);
    const [file] = [...standin.state.files.values()];
    expect(file).toMatchObject({
      name: 'inc-1-postmortem.md',
      title: 'INC-1 postmortem (draft)',
      content: draft,
      size: Buffer.byteLength(draft),
      channels: [incident],
      completed: true,
    });
    const message = standin.state.messages.get(incident)?.[0];
    expect(message?.text).toBe('Draft postmortem attached');
    expect(message?.files?.map((f) => f.id)).toEqual([file?.id]);
    expect(standin.calls.map((c) => c.method)).toEqual(['conversations.create', 'files.getUploadURLExternal', 'files.completeUploadExternal']);
  });

  it('hands out an upload URL on the stand-in itself', async () => {
    const res = await client.files.getUploadURLExternal({ filename: 'a.md', length: 3 });
    expect(res.upload_url).toBe(`${standin.url}/upload/${res.file_id}`);
  });

  it('accepts raw bytes posted to the upload URL too', async () => {
    const res = await client.files.getUploadURLExternal({ filename: 'notes.txt', length: 5 });
    const put = await fetch(res.upload_url ?? '', { method: 'POST', body: 'hello' });
    expect(put.status).toBe(200);
    expect(standin.state.files.get(res.file_id ?? '')?.content).toBe('hello');
  });

  it('says file_not_found when completing a file whose bytes never arrived', async () => {
    const res = await client.files.getUploadURLExternal({ filename: 'a.md', length: 3 });
    expect(await slackError(client.files.completeUploadExternal({ files: [{ id: res.file_id ?? '' }], channel_id: incident }))).toBe(
      'file_not_found',
    );
  });

  it('says not_in_channel when sharing into a channel the bot is not in', async () => {
    const other = standin.addChannel({ name: 'general', members: [ALICE.id] });
    expect(await slackError(client.filesUploadV2({ channel_id: other.id, content: 'x', filename: 'x.md' }))).toBe('not_in_channel');
  });
});

describe('canvases (basic)', () => {
  it('stores a markdown canvas attached to a channel', async () => {
    const res = await client.canvases.create({
      title: 'INC-1 postmortem',
      channel_id: incident,
      document_content: { type: 'markdown', markdown: draft },
    });
    expect(standin.state.canvases.get(res.canvas_id ?? '')).toMatchObject({ title: 'INC-1 postmortem', markdown: draft, channel_id: incident });
  });
});
