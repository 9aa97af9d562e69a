import type { WorkspaceState } from '../state.js';
import type { ChannelRecord, Json } from '../types.js';

export interface MethodContext {
  state: WorkspaceState;
  /** Base URL of the stand-in, for upload URLs. */
  url: string;
  /** Undefined means every scope is granted. */
  scopes: ReadonlySet<string> | undefined;
}

export type Args = Record<string, unknown>;
/** The success body without `ok`; the dispatcher adds it. */
export type MethodResult = Record<string, unknown>;
export type MethodHandler = (ctx: MethodContext, args: Args) => MethodResult;

/** An `{ ok: false, error }` answer; `extra` lands next to `error` (e.g. `errors`, `response_metadata`). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export function fail(code: string, extra?: Record<string, unknown>): never {
  throw new ApiError(code, extra);
}

export function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** Present and not blank. */
export function nonEmpty(args: Args, key: string): string | undefined {
  const v = str(args, key);
  return v === undefined || v.trim() === '' ? undefined : v;
}

export function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

export function int(args: Args, key: string, fallback: number): number {
  const v = str(args, key);
  if (v === undefined || v === '') return fallback;
  const n = Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : fallback;
}

export function isJsonObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasScope(ctx: MethodContext, scope: string): boolean {
  return ctx.scopes === undefined || ctx.scopes.has(scope);
}

/** A channel the bot can see: private ones it is not in do not exist as far as the token knows. */
export function visibleChannel(ctx: MethodContext, id: string | undefined): ChannelRecord {
  const ch = id === undefined ? undefined : ctx.state.channels.get(id);
  if (!ch || (ch.is_private && !ctx.state.isBotMember(ch))) fail('channel_not_found');
  return ch;
}

export function requireBotMember(ctx: MethodContext, ch: ChannelRecord): void {
  if (!ctx.state.isBotMember(ch)) fail('not_in_channel');
}

export function requireNotArchived(ch: ChannelRecord): void {
  if (ch.archived) fail('is_archived');
}

/** Where the bot may post: any channel it is in, and public ones with chat:write.public. */
export function postableChannel(ctx: MethodContext, id: string | undefined): ChannelRecord {
  const ch = visibleChannel(ctx, id);
  if (!ctx.state.isBotMember(ch) && !hasScope(ctx, 'chat:write.public')) fail('not_in_channel');
  requireNotArchived(ch);
  return ch;
}

/** Cursor pagination the way Slack shapes it; the cursor is an opaque offset. */
export function paginate<T>(items: T[], args: Args, defaultLimit: number): { page: T[]; nextCursor: string } {
  const cursor = str(args, 'cursor');
  const offset = cursor ? Number.parseInt(Buffer.from(cursor, 'base64').toString('utf8').replace(/^offset:/, ''), 10) : 0;
  if (!Number.isFinite(offset) || offset < 0) fail('invalid_cursor');
  const limit = Math.max(1, Math.min(int(args, 'limit', defaultLimit) || defaultLimit, 1000));
  const page = items.slice(offset, offset + limit);
  const more = offset + limit < items.length;
  return { page, nextCursor: more ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '' };
}
