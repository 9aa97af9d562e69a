import { type MethodHandler, fail, isJsonObject, str, visibleChannel } from './context.js';

/** Slack caps canvas documents at 1 MiB of markdown. */
const MAX_CANVAS_MARKDOWN = 1024 * 1024;

export const canvasesMethods: Record<string, MethodHandler> = {
  'canvases.create': (ctx, args) => {
    const doc = args.document_content;
    if (doc !== undefined && (!isJsonObject(doc) || doc.type !== 'markdown' || typeof doc.markdown !== 'string')) {
      fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] document_content must be {type:"markdown", markdown}'] } });
    }
    const markdown = isJsonObject(doc) && typeof doc.markdown === 'string' ? doc.markdown : '';
    if (Buffer.byteLength(markdown) > MAX_CANVAS_MARKDOWN) fail('canvas_creation_failed');
    const channelId = str(args, 'channel_id');
    const id = ctx.state.newId('F0');
    ctx.state.canvases.set(id, {
      id,
      title: str(args, 'title') ?? '',
      markdown,
      ...(channelId ? { channel_id: visibleChannel(ctx, channelId).id } : {}),
    });
    return { canvas_id: id };
  },
};
