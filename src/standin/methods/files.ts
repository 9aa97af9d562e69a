import { validateMessageBlocks } from '../blocks.js';
import { multipartBoundary, parseMultipart } from '../body.js';
import { fileJson } from '../format.js';
import type { WorkspaceState } from '../state.js';
import type { FileRecord, Json } from '../types.js';
import { blockFailure } from './chat.js';
import { type Args, type MethodContext, type MethodHandler, fail, isJsonObject, nonEmpty, requireBotMember, str, visibleChannel } from './context.js';

/** Slack's upload cap for a single file (1 GB). */
const MAX_FILE_BYTES = 1024 * 1024 * 1024;

/**
 * The bytes POSTed to an upload_url. web-api 8's filesUploadV2 sends multipart form data with one
 * part named `body` (filename "Untitled" unless the Buffer has a name); curl users send `file`, and
 * some clients send raw bytes. All are accepted.
 */
export function receiveUpload(state: WorkspaceState, id: string, contentType: string, body: Buffer): { status: number; text: string } {
  const file = state.files.get(id);
  if (!file || file.completed) return { status: 404, text: 'file_not_found' };
  let bytes = body;
  if (/^multipart\/form-data/i.test(contentType)) {
    const boundary = multipartBoundary(contentType);
    const parts = boundary === undefined ? [] : parseMultipart(body, boundary);
    const part = parts.find((p) => p.filename !== undefined) ?? parts.find((p) => ['file', 'filename', 'body'].includes(p.name));
    if (!part) return { status: 400, text: 'no file part in the multipart body' };
    bytes = part.data;
  }
  file.content = bytes.toString('utf8');
  file.size = bytes.length;
  file.uploaded = true;
  // Slack's upload endpoint answers plain text, not JSON.
  return { status: 200, text: `OK - ${bytes.length}` };
}

function completionTargets(args: Args): { id: string; title?: string }[] {
  const files = args.files;
  if (!Array.isArray(files) || files.length === 0 || !files.every((f) => isJsonObject(f) && typeof f.id === 'string')) {
    fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] files must be a JSON array of {id, title}'] } });
  }
  return (files as Json[]).map((f) => (typeof f.title === 'string' ? { id: String(f.id), title: f.title } : { id: String(f.id) }));
}

function shareChannel(ctx: MethodContext, args: Args): string | undefined {
  const id = nonEmpty(args, 'channel_id') ?? nonEmpty(args, 'channels')?.split(',')[0]?.trim();
  if (id === undefined) return undefined;
  const ch = visibleChannel(ctx, id);
  requireBotMember(ctx, ch);
  return ch.id;
}

export const filesMethods: Record<string, MethodHandler> = {
  'files.getUploadURLExternal': (ctx, args) => {
    const filename = nonEmpty(args, 'filename');
    const length = Number(str(args, 'length'));
    if (filename === undefined) fail('missing_argument');
    if (!Number.isInteger(length) || length <= 0) {
      fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] length must be a positive integer'] } });
    }
    if (length > MAX_FILE_BYTES) fail('file_upload_size_restricted');
    const file: FileRecord = {
      id: ctx.state.newId('F0'),
      name: filename,
      title: filename,
      content: '',
      size: 0,
      expected_length: length,
      uploaded: false,
      completed: false,
      channels: [],
      user: ctx.state.identity.botUserId,
      created: ctx.state.nowSec(),
    };
    const alt = nonEmpty(args, 'alt_text');
    if (alt !== undefined) file.alt_text = alt;
    const snippet = nonEmpty(args, 'snippet_type');
    if (snippet !== undefined) file.snippet_type = snippet;
    ctx.state.files.set(file.id, file);
    return { upload_url: `${ctx.url}/upload/${file.id}`, file_id: file.id };
  },

  'files.completeUploadExternal': (ctx, args) => {
    const targets = completionTargets(args);
    const records = targets.map((t) => {
      const f = ctx.state.files.get(t.id);
      if (!f || !f.uploaded) fail('file_not_found');
      return f;
    });
    const channel = shareChannel(ctx, args);
    const blocks = args.blocks;
    if (blocks !== undefined && blocks !== '') {
      const verdict = validateMessageBlocks(blocks);
      if (verdict) blockFailure(verdict.error === 'msg_blocks_too_long' ? 'invalid_blocks' : verdict.error, verdict.messages);
    }
    targets.forEach((t, i) => {
      const f = records[i];
      if (!f) return;
      f.completed = true;
      if (t.title !== undefined) f.title = t.title;
    });
    if (channel !== undefined) {
      for (const f of records) if (!f.channels.includes(channel)) f.channels.push(channel);
      const { state } = ctx;
      const m = state.addMessage({
        channel,
        user: state.identity.botUserId,
        bot_id: state.identity.botId,
        text: str(args, 'initial_comment') ?? '',
        files: records,
      });
      if (Array.isArray(blocks) && blocks.length > 0) m.blocks = blocks.filter(isJsonObject);
      const threadTs = nonEmpty(args, 'thread_ts');
      if (threadTs !== undefined) m.thread_ts = threadTs;
    }
    return { files: records.map((f) => fileJson(ctx.state, f)) };
  },
};
