import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { readBody } from '../body.js';
import { isObject } from '../limits.js';
import type { PageHandler } from '../server.js';
import type { Standin, UserRecord } from '../types.js';
import { fileHtml } from './file-html.js';
import { asSlackWouldSend } from './typing.js';
import { modalHtml, slackValues } from './modal-html.js';
import { type DrillStatus, shellHtml } from './shell-html.js';
import { channelHtml, namesOf, sidebarHtml, visibleChannels } from './workspace-html.js';

/** What the sandbox around the stand-in offers the page; the stand-in itself knows nothing of Redis or drills. */
export interface PageHooks {
  /** Where state is kept, said plainly on the page. */
  stateDir: string;
  reset(): Promise<void>;
  startDrill(opts: { fast: boolean; user: string }): Promise<void>;
  stopDrill(): Promise<void>;
  drill(): DrillStatus | undefined;
  /** Every channel a drill opened, this run or an earlier one: marked as drill wherever it shows. */
  drillChannels(): string[];
}

const ASSETS = new URL('./assets/', import.meta.url);
const asset = (name: string): string => readFileSync(new URL(name, ASSETS), 'utf8');
const STATIC: Record<string, { type: string; body: () => string }> = {
  '/sandbox/app.js': { type: 'text/javascript', body: () => asset('app.js') },
  '/sandbox/file.js': { type: 'text/javascript', body: () => asset('file.js') },
  '/sandbox/app.css': { type: 'text/css', body: () => asset('app.css') },
  '/sandbox/vendor/mermaid.min.js': { type: 'text/javascript', body: () => readFileSync(createRequire(import.meta.url).resolve('mermaid/dist/mermaid.min.js'), 'utf8') },
};

const Send = z.object({ user: z.string(), channel: z.string(), text: z.string().min(1).max(40_000) });
const OnMessage = z.object({ user: z.string(), channel: z.string(), ts: z.string() });
const Click = z.object({ user: z.string(), channel: z.string().optional(), ts: z.string().optional(), viewId: z.string().optional(), actionId: z.string(), blockId: z.string().optional(), value: z.string().optional() });
const Field = z.object({ type: z.string(), value: z.union([z.string(), z.array(z.string()), z.null()]) });
const Submit = z.object({ user: z.string(), viewId: z.string(), values: z.record(z.string(), z.record(z.string(), Field)) });
const CloseView = z.object({ user: z.string(), viewId: z.string() });
const Drill = z.object({ user: z.string(), fast: z.boolean().optional() });

function json(res: ServerResponse, status: number, body: unknown): true {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
  return true;
}

function text(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-store', ...headers });
  res.end(body);
  return true;
}

async function input<T extends z.ZodType>(req: IncomingMessage, schema: T): Promise<z.infer<T>> {
  return schema.parse(JSON.parse((await readBody(req)).toString('utf8') || '{}'));
}

/** What the bot answered with a non-200 ack, shown to the person like Slack's "failed with the error" line. */
function failure(status: number, body: string): string | undefined {
  if (status === 200) return undefined;
  return `The app did not handle that (HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}). Slack would show “failed with the error …”.`;
}

export function pageHandler(s: Standin, hooks: PageHooks): PageHandler {
  const reads = new Map<string, string>();
  const readKey = (user: string, channel: string): string => `${user}\u0000${channel}`;
  // What was there before this page existed (a restored workspace) counts as read; unread marks are for what arrives now.
  const opened = (Date.now() / 1000).toFixed(6);
  const marks = { get: (user: string, channel: string) => reads.get(readKey(user, channel)) ?? opened };
  /** Field errors the bot answered (response_action: errors), per view, until the next submission. */
  const viewErrors = new Map<string, Record<string, string>>();
  let usage: string[] | undefined;
  const sse = new Set<ServerResponse>();
  let pending: NodeJS.Timeout | undefined;
  s.onChange(() => {
    if (pending) return;
    pending = setTimeout(() => {
      pending = undefined;
      for (const res of sse) res.write(`event: change\ndata: ${Date.now()}\n\n`);
    }, 40);
  });

  const person = (id: string): UserRecord => {
    const u = s.state.users.get(id);
    if (!u || u.is_bot) throw new Error(`no person ${id} in this workspace`);
    return u;
  };
  const flags = (): { drillChannels: Set<string> } => {
    return { drillChannels: new Set(hooks.drillChannels()) };
  };

  const unreadTotal = (user: string, ids: string[], open: string): number =>
    ids.filter((id) => id !== open && (s.state.messages.get(id) ?? []).some((m) => Number(m.ts) > Number(marks.get(user, id) ?? '0') && m.user !== user)).length;

  function ui(url: URL): unknown {
    const user = person(url.searchParams.get('user') ?? '');
    const { channels, dms } = visibleChannels(s.state, user.id);
    const wanted = url.searchParams.get('channel') ?? '';
    const channel = s.state.channels.get(wanted) ?? channels.find((c) => c.name === 'general') ?? channels[0];
    if (channel) {
      const last = (s.state.messages.get(channel.id) ?? []).at(-1)?.ts;
      if (last) reads.set(readKey(user.id, channel.id), last);
    }
    const f = flags();
    const open = [...s.state.views.values()].filter((v) => v.user === user.id && !v.closed).at(-1);
    return {
      channel: channel?.id,
      sidebar: sidebarHtml(s.state, marks, user.id, channel?.id, f),
      main: channelHtml(s.state, user, channel, f),
      modal: open ? modalHtml(open, viewErrors.get(open.id) ?? {}, namesOf(s.state), [...s.state.users.values()]) : '',
      drill: hooks.drill() ?? null,
      unread: channel ? unreadTotal(user.id, [...channels, ...dms].map((c) => c.id), channel.id) : 0,
    };
  }

  async function helpUsage(user: string, channel: string): Promise<string[]> {
    if (usage) return usage;
    // Ask the bot itself, as a person typing `/incident help` would; the answer lists every subcommand's usage.
    const isHelp = (e: { user: string; channel: string; text: string }): boolean => e.user === user && e.channel === channel && e.text.includes('warroom commands');
    const seen = s.state.ephemerals.filter(isHelp).length;
    await s.sendCommand({ user, channel, text: 'help' });
    // The answer comes in the ack or through the response_url; either way Slack shows it as an ephemeral, which this takes back.
    await s.waitFor(() => s.state.ephemerals.filter(isHelp).length > seen, 5_000);
    const at = s.state.ephemerals.findLastIndex(isHelp);
    const text = s.state.ephemerals.splice(at, 1)[0]?.text ?? '';
    const found = [...text.matchAll(/`\/incident ([^`]+)`/g)].map((m) => (m[1] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
    if (found.length > 0) usage = found;
    return found;
  }

  async function api(path: string, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    switch (path) {
      case '/sandbox/send': {
        const a = await input(req, Send);
        person(a.user);
        const trimmed = a.text.trim();
        if (trimmed.startsWith('/')) {
          const [, command = '', rest = ''] = /^(\/\S+)\s*([\s\S]*)$/.exec(trimmed) ?? [];
          if (command !== '/incident') return json(res, 400, { error: `${command} is not a command here; this workspace has only /incident.` });
          const r = await s.sendCommand({ user: a.user, channel: a.channel, command, text: asSlackWouldSend(s.state, rest) });
          s.notifyChange();
          return json(res, 200, { error: failure(r.status, r.body) });
        }
        s.postMessageAsUser(a.user, a.channel, asSlackWouldSend(s.state, a.text));
        s.notifyChange();
        return json(res, 200, {});
      }
      case '/sandbox/pin': {
        const a = await input(req, OnMessage);
        const m = s.state.findMessage(a.channel, a.ts);
        if (m?.reactions.some((r) => r.name === 'pushpin' && r.users.includes(a.user))) await s.removeReaction(a.user, a.channel, a.ts, 'pushpin');
        else await s.addReaction(a.user, a.channel, a.ts, 'pushpin');
        s.notifyChange();
        return json(res, 200, {});
      }
      case '/sandbox/shortcut': {
        const a = await input(req, OnMessage);
        const r = await s.sendMessageShortcut({ user: a.user, channel: a.channel, messageTs: a.ts, callbackId: 'add_to_timeline' });
        s.notifyChange();
        return json(res, 200, { error: failure(r.status, r.body) });
      }
      case '/sandbox/click': {
        const a = await input(req, Click);
        const r = await s.clickButton({
          user: a.user,
          actionId: a.actionId,
          ...(a.viewId !== undefined ? { viewId: a.viewId } : { channel: a.channel ?? '', messageTs: a.ts ?? '' }),
          ...(a.blockId !== undefined ? { blockId: a.blockId } : {}),
        });
        s.notifyChange();
        return json(res, 200, { error: failure(r.status, r.body) });
      }
      case '/sandbox/submit': {
        const a = await input(req, Submit);
        const view = s.state.views.get(a.viewId);
        if (!view || view.closed) return json(res, 409, { error: 'That form is no longer open.' });
        const values = slackValues(view, a.values);
        // Slack's client refuses an empty required field itself; the app never hears of it.
        const missing: Record<string, string> = {};
        (Array.isArray(view.view.blocks) ? view.view.blocks.filter(isObject) : []).forEach((b) => {
          if (b.type === 'input' && b.optional !== true && typeof b.block_id === 'string' && !values[b.block_id]) missing[b.block_id] = 'Please complete this required field.';
        });
        if (Object.keys(missing).length > 0) {
          viewErrors.set(view.id, missing);
          s.notifyChange();
          return json(res, 200, {});
        }
        viewErrors.delete(view.id);
        const r = await s.submitView({ user: a.user, viewId: a.viewId, values });
        const body: unknown = r.body;
        if (isObject(body) && body.response_action === 'errors' && isObject(body.errors)) {
          viewErrors.set(view.id, Object.fromEntries(Object.entries(body.errors).map(([k, v]) => [k, String(v)])));
        }
        s.notifyChange();
        return json(res, 200, { error: failure(r.status, r.raw) });
      }
      case '/sandbox/close-view': {
        const a = await input(req, CloseView);
        const view = s.state.views.get(a.viewId);
        if (view && view.user === a.user) view.closed = true;
        s.notifyChange();
        return json(res, 200, {});
      }
      case '/sandbox/reset':
        await hooks.reset();
        reads.clear();
        viewErrors.clear();
        s.notifyChange();
        return json(res, 200, {});
      case '/sandbox/drill/start': {
        const a = await input(req, Drill);
        await hooks.startDrill({ fast: a.fast === true, user: a.user });
        s.notifyChange();
        return json(res, 200, {});
      }
      case '/sandbox/drill/stop':
        await hooks.stopDrill();
        s.notifyChange();
        return json(res, 200, {});
      default:
        return false;
    }
  }

  return async (req, res, url) => {
    const path = url.pathname;
    if (req.method === 'GET') {
      if (path === '/') return text(res, 200, 'text/html', shellHtml(s, hooks.stateDir));
      const file = STATIC[path];
      if (file) return text(res, 200, file.type, file.body(), { 'cache-control': 'max-age=60' });
      if (path === '/sandbox/ui') {
        try {
          return json(res, 200, ui(url));
        } catch (err) {
          return json(res, 400, { error: err instanceof Error ? err.message : String(err) });
        }
      }
      if (path === '/sandbox/usage') {
        // Completion is a nicety: when the bot cannot be asked, the composer simply offers none.
        const usage = await helpUsage(url.searchParams.get('user') ?? '', url.searchParams.get('channel') ?? '').catch((err: unknown) => ({ error: err instanceof Error ? err.message : String(err) }));
        return json(res, 200, Array.isArray(usage) ? { usage } : { usage: [], ...usage });
      }
      if (path === '/sandbox/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write('retry: 1000\n\n');
        sse.add(res);
        req.on('close', () => sse.delete(res));
        return true;
      }
      const m = /^\/sandbox\/files\/([^/]+)(\/download)?$/.exec(path);
      if (m?.[1]) {
        const f = s.state.files.get(decodeURIComponent(m[1]));
        if (!f) return text(res, 404, 'text/plain', 'No such file in this workspace.');
        if (m[2]) return text(res, 200, f.name.endsWith('.json') ? 'application/json' : 'text/markdown', f.content, { 'content-disposition': `attachment; filename="${f.name.replace(/["\\\r\n]/g, '_')}"` });
        return text(res, 200, 'text/html', fileHtml(f));
      }
      return false;
    }
    if (req.method === 'POST' && path.startsWith('/sandbox/')) {
      // Only the page's own script sends JSON; a form on some other web site cannot, so it cannot act here as you.
      if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return json(res, 415, { error: 'The sandbox page sends JSON.' });
      try {
        return await api(path, req, res);
      } catch (err) {
        const message = err instanceof z.ZodError ? 'The page sent something malformed.' : err instanceof Error ? err.message : String(err);
        return json(res, 400, { error: message });
      }
    }
    return false;
  };
}

export type { DrillStatus };
