import { App, LogLevel, type CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { renderMetrics } from '../../telemetry/metrics.js';
import type { Services } from '../../app/context.js';
import { pingRedis } from '../../store/redis.js';
import { slackClientOptions } from '../api/client.js';
import { registerCommandListener } from './commands.js';
import { registerEventListeners } from './events.js';
import { registerViewListeners } from './views.js';
import { registerCloseButtons } from './close-buttons.js';
import { createRoutes, type Interactions } from './routes.js';
import { registerShortcutListeners } from './shortcuts.js';
import { alertsRoute } from '../../http/alerts.js';
import { pagerDutyRoute } from '../../http/pagerduty.js';
import { slackLogger } from '../api/logger.js';
import type { InProgress } from '../../util/in-progress.js';

/**
 * What graceful shutdown needs from the web side (src/runtime/main.ts): the requests whose
 * listeners still run, acked or not (Bolt acks first and works after), and whether the process
 * is stopping, so /healthz says 503 and a load balancer stops sending first.
 */
export interface Lifecycle {
  requests: InProgress;
  stopping(): boolean;
}

export interface AppOptions {
  /** How long a busy process may work before it acks a command (commands.ts); tests lengthen it to make the choice deterministic. */
  ackDeadlineMs?: number;
  token: string;
  signingSecret: string;
  appToken?: string | undefined;
  apiUrl: string;
  /** Extra routes (e.g. /metrics) served next to /slack/events. */
  routes?: CustomRoute[];
  /** The features' buttons and forms (src/features). */
  interactions: readonly Interactions[];
  lifecycle?: Lifecycle;
}

export function healthRoute(s: Services, lifecycle?: Lifecycle): CustomRoute {
  return {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: IncomingMessage, res: ServerResponse) => {
      if (lifecycle?.stopping()) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, stopping: true }));
        return;
      }
      void pingRedis(s.redis).then((ok) => {
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok, redis: ok ? 'up' : 'down' }));
      });
    },
  };
}

export const metricsRoute: CustomRoute = {
  path: '/metrics',
  method: ['GET'],
  handler: (_req: IncomingMessage, res: ServerResponse) => {
    void renderMetrics().then(({ contentType, body }) => {
      res.writeHead(200, { 'content-type': contentType });
      res.end(body);
    });
  },
};

/**
 * The Bolt app: HTTP receiver (stateless, behind any load balancer) unless an app-level
 * token asks for Socket Mode. Listeners only translate Slack payloads; the rules live in
 * src/domain and the commands in commands/.
 */
export function createBoltApp(s: Services, opts: AppOptions): App {
  const socketMode = !!opts.appToken;
  const app = new App({
    token: opts.token,
    signingSecret: opts.signingSecret,
    ...(socketMode ? { socketMode: true, appToken: opts.appToken } : {}),
    clientOptions: slackClientOptions(opts.apiUrl, s.log),
    customRoutes: [healthRoute(s, opts.lifecycle), metricsRoute, alertsRoute(s), pagerDutyRoute(s), ...(opts.routes ?? [])],
    logger: slackLogger(s.log.child({ source: 'bolt' })),
    logLevel: s.config.LOG_LEVEL === 'debug' ? LogLevel.DEBUG : LogLevel.WARN,
    // Ack is sent the moment a listener calls ack(); slow work continues after it.
    processBeforeResponse: false,
    // Bolt's conversation store runs on every request; warroom keeps its state in Redis.
    convoStore: false,
  });
  const requests = opts.lifecycle?.requests;
  if (requests) {
    app.use(async ({ next }) => {
      requests.start();
      try {
        await next();
      } finally {
        requests.end();
      }
    });
  }
  registerCommandListener(app, s, opts.ackDeadlineMs);
  const routes = createRoutes();
  registerViewListeners(routes, s);
  registerCloseButtons(routes, s);
  for (const register of opts.interactions) register(routes, s);
  registerShortcutListeners(app, routes, s);
  routes.install(app);
  registerEventListeners(app, s);
  app.error(async (err) => {
    s.log.error('unhandled error in a Bolt listener', { err });
  });
  return app;
}
