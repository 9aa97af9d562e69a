import type { CustomRoute } from '@slack/bolt';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../app/context.js';
import { receiveAlerts, type IntakeAnswer } from '../app/alerts/intake.js';
import { alertsReceived } from '../telemetry/metrics.js';
import { MAX_BODY_BYTES, readBody, TooLarge } from './body.js';

function send(res: ServerResponse, answer: IntakeAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  res.end(JSON.stringify(answer.body));
}

/** POST /alerts/<route> on the web process, next to /slack/events (README "Alerts in"). */
export function alertsRoute(s: Services): CustomRoute {
  return {
    path: '/alerts/:route',
    method: ['POST'],
    handler: (req, res) => {
      const route = (req as IncomingMessage & { params?: Record<string, string> }).params?.route ?? '';
      void (async () => {
        let answer: IntakeAnswer;
        try {
          const body = await readBody(req);
          answer = await receiveAlerts(s, route, req.headers.authorization, body);
        } catch (err) {
          if (err instanceof TooLarge) {
            alertsReceived.inc({ route, outcome: 'too_large' });
            answer = { status: 413, body: { error: 'too_large', reason: `body over ${MAX_BODY_BYTES} bytes` } };
          } else {
            // Redis or the queue is down: the sender retries on a 5xx (Alertmanager, Datadog and Grafana all do).
            s.log.error('could not accept alerts', { route, err });
            answer = { status: 503, body: { error: 'unavailable', reason: 'alerts could not be saved; retry' } };
          }
        }
        if (!res.headersSent) send(res, answer);
      })();
    },
  };
}
