import type { CustomRoute } from '@slack/bolt';
import type { ServerResponse } from 'node:http';
import type { Services } from '../app/context.js';
import { receivePagerDutyWebhook, verifyPagerDutySignature, type WebhookAnswer } from '../app/pagerduty.js';
import { readBody, TooLarge } from './body.js';

function send(res: ServerResponse, answer: WebhookAnswer): void {
  res.writeHead(answer.status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(answer.body));
}

/** POST /integrations/pagerduty: PagerDuty's v3 webhooks, signed with the subscription's secret (README "Pages out through PagerDuty"). */
export function pagerDutyRoute(s: Services): CustomRoute {
  return {
    path: '/integrations/pagerduty',
    method: ['POST'],
    handler: (req, res) => {
      void (async () => {
        let answer: WebhookAnswer;
        try {
          const raw = await readBody(req);
          const secret = s.config.PAGERDUTY_WEBHOOK_SECRET;
          const signature = req.headers['x-pagerduty-signature'];
          if (!secret || !verifyPagerDutySignature(secret, raw, Array.isArray(signature) ? signature.join(',') : signature)) {
            answer = { status: 401, body: { error: 'unauthorized', reason: 'missing or wrong X-PagerDuty-Signature' } };
          } else {
            let body: unknown;
            try {
              body = JSON.parse(raw);
            } catch {
              body = undefined;
            }
            answer = await receivePagerDutyWebhook(s, body);
          }
        } catch (err) {
          if (err instanceof TooLarge) answer = { status: 413, body: { error: 'too_large' } };
          else {
            // PagerDuty retries a delivery that failed with a 5xx.
            s.log.error('could not take a PagerDuty webhook', { err });
            answer = { status: 503, body: { error: 'unavailable' } };
          }
        }
        if (!res.headersSent) send(res, answer);
      })();
    },
  };
}
