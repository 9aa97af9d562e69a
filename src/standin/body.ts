import type { IncomingMessage } from 'node:http';

/** Slack's own request cap is far above anything the bot sends; this only stops a runaway client. */
const MAX_BODY_BYTES = 20 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError('body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function multipartBoundary(contentType: string): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2]?.trim();
}

/** Enough of RFC 7578 for what fetch's FormData produces (web-api 8 uploads, curl -F). */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    const start = pos + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part sits between the CRLF after the delimiter and the CRLF before the next one.
    const raw = body.subarray(start + 2, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd >= 0) {
      const headers = raw.subarray(0, headerEnd).toString('utf8');
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(headers)?.[1];
      const part: MultipartPart = { name, data: raw.subarray(headerEnd + 4) };
      if (filename !== undefined) part.filename = filename;
      if (contentType !== undefined) part.contentType = contentType.trim();
      parts.push(part);
    }
    pos = next;
  }
  return parts;
}

export type ParsedArgs = { ok: true; args: Record<string, unknown> } | { ok: false; error: string };

/** Web API arguments from the query string and a form, JSON or multipart body, as Slack accepts them. */
export function parseApiArgs(contentType: string, body: Buffer, query: URLSearchParams): ParsedArgs {
  const args: Record<string, unknown> = Object.fromEntries(query);
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (body.length === 0) return { ok: true, args };
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return { ok: false, error: 'invalid_json' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'invalid_json' };
    return { ok: true, args: { ...args, ...(parsed as Record<string, unknown>) } };
  }
  if (type === 'multipart/form-data') {
    const boundary = multipartBoundary(contentType);
    if (boundary === undefined) return { ok: false, error: 'invalid_form_data' };
    for (const p of parseMultipart(body, boundary)) args[p.name] = p.filename === undefined ? p.data.toString('utf8') : p.data;
    return { ok: true, args };
  }
  // Slack reads anything else as a form, which is also what web-api 8 sends.
  for (const [k, v] of new URLSearchParams(body.toString('utf8'))) args[k] = v;
  return { ok: true, args };
}

/** Fields web-api 8 JSON-stringifies into form fields; decoded so handlers and recorded calls see objects. */
const JSON_FIELDS = ['blocks', 'attachments', 'view', 'files', 'document_content', 'metadata', 'changes', 'criteria'];

export function decodeJsonFields(args: Record<string, unknown>): Record<string, unknown> {
  const out = { ...args };
  for (const key of JSON_FIELDS) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    try {
      out[key] = JSON.parse(v) as unknown;
    } catch {
      // Left as a string: the handler answers with the method's own "bad format" error.
    }
  }
  return out;
}
