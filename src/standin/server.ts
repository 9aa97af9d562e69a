import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ApiDeps, handleApiCall } from './api.js';
import { BodyTooLargeError, readBody } from './body.js';
import { receiveUpload } from './methods/files.js';
import { handleResponsePost } from './response-url.js';
import type { ResponseUrlPost } from './types.js';

/** Serves a request outside the Slack endpoints (the sandbox page); answers false to leave it to the stand-in. */
export type PageHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

export interface ServerDeps {
  api: ApiDeps;
  responses: ResponseUrlPost[];
  /** Set by whoever shows the workspace (the sandbox page); asked first for every request. */
  page?: PageHandler;
  /** Told after every Web API call, upload and response_url post, so a viewer can refresh. */
  changed?: () => void;
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

async function route(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://standin.invalid');
  if (deps.page && (await deps.page(req, res, url))) return;
  const [, area, id] = /^\/(api|upload|response)\/([^/]+)\/?$/.exec(url.pathname) ?? [];
  const method = req.method ?? 'GET';
  if (area === undefined || id === undefined) return send(res, 404, 'not_found');
  // Slack's Web API also answers GET with query arguments; the other endpoints are POST only.
  if (method !== 'POST' && !(area === 'api' && method === 'GET')) return send(res, 405, 'method_not_allowed');
  const body = await readBody(req);
  const contentType = req.headers['content-type'] ?? '';
  if (area === 'api') {
    const answer = handleApiCall(deps.api, decodeURIComponent(id), {
      contentType,
      authorization: req.headers.authorization,
      query: url.searchParams,
      body,
    });
    if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
    deps.changed?.();
    return send(res, answer.status, JSON.stringify(answer.body), answer.headers);
  }
  if (area === 'upload') {
    const r = receiveUpload(deps.api.state, id, contentType, body);
    deps.changed?.();
    return send(res, r.status, r.text);
  }
  const r = handleResponsePost(deps.api.state, deps.responses, id, body);
  deps.changed?.();
  return send(res, r.status, r.text);
}

export async function listen(deps: ServerDeps, host: string, port: number): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    route(deps, req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof BodyTooLargeError) return send(res, 413, 'request_too_large');
      console.error('stand-in: request failed', err);
      send(res, 500, 'internal_error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port: actual } = server.address() as AddressInfo;
  return { server, url: `http://${host.includes(':') ? `[${host}]` : host}:${actual}` };
}

export async function closeServer(server: Server): Promise<void> {
  // Keep-alive sockets from fetch would otherwise hold close() open for seconds.
  server.closeAllConnections();
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
}
