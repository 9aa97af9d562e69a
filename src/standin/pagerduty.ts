import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local PagerDuty: the Events API v2 (`POST /v2/enqueue`) as its reference describes it
 * (202 with the dedup_key; 400 "invalid event" with the reasons; 429 and 5xx on demand), and
 * the sending side of v3 webhooks, signed `X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the
 * body>` with the subscription's secret.
 */

export interface PdAlert {
  routingKey: string;
  dedupKey: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  summary: string;
  severity: string;
  /** Every event that reached this alert, in order. */
  actions: string[];
  incidentId: string;
}

export interface PagerDutyStandin {
  url: string;
  eventsUrl: string;
  /** Every request to /v2/enqueue with its answer. */
  requests: { body: unknown; status: number }[];
  alerts: Map<string, PdAlert>;
  alert(routingKey: string, dedupKey: string): PdAlert | undefined;
  /** The next `times` event requests get this HTTP status (429, 500…) instead of being processed. */
  failNext(status: number, times?: number): void;
  /** Someone acknowledges the alert's incident in PagerDuty: the alert changes and the v3 webhook is sent. */
  acknowledge(routingKey: string, dedupKey: string, user: string, opts?: { secret?: string }): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

function validate(e: unknown): string[] {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return ['Event object is invalid'];
  const ev = e as Record<string, unknown>;
  const errors: string[] = [];
  if (typeof ev.routing_key !== 'string' || ev.routing_key === '') errors.push("'routing_key' is missing or blank");
  else if (ev.routing_key.length !== 32) errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (typeof ev.event_action !== 'string' || ev.event_action === '') errors.push("'event_action' is missing or blank");
  else if (!ACTIONS.has(ev.event_action)) errors.push("'event_action' must be one of trigger, acknowledge or resolve");
  if (ev.dedup_key !== undefined && (typeof ev.dedup_key !== 'string' || ev.dedup_key.length > 255)) errors.push("'dedup_key' must be a string of at most 255 characters");
  if (ev.event_action === 'trigger') {
    const p = ev.payload as Record<string, unknown> | undefined;
    if (!p || typeof p !== 'object') errors.push("'payload' is missing or blank");
    else {
      if (typeof p.summary !== 'string' || p.summary === '') errors.push("'payload.summary' is missing or blank");
      else if (p.summary.length > 1024) errors.push("'payload.summary' is too long (maximum is 1024 characters)");
      if (typeof p.source !== 'string' || p.source === '') errors.push("'payload.source' is missing or blank");
      if (typeof p.severity !== 'string' || !SEVERITIES.has(p.severity)) errors.push("'payload.severity' is invalid (must be one of critical, error, warning or info)");
    }
  } else if (typeof ev.dedup_key !== 'string' || ev.dedup_key === '') errors.push("'dedup_key' is missing or blank");
  return errors;
}

export async function startPagerDutyStandin(opts: { webhookUrl?: () => string; webhookSecret: string }): Promise<PagerDutyStandin> {
  const requests: { body: unknown; status: number }[] = [];
  const alerts = new Map<string, PdAlert>();
  const faults: number[] = [];
  let incidentSeq = 0;
  const keyOf = (r: string, d: string): string => `${r}|${d}`;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: object): void => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== '/v2/enqueue') return answer(404, { status: 'not found' });
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.length > 512 * 1024) return answer(413, { status: 'invalid event', message: 'Request entity too large' });
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        requests.push({ body: raw, status: 400 });
        return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Request body is not valid JSON'] });
      }
      const fault = faults.shift();
      if (fault !== undefined) {
        requests.push({ body, status: fault });
        return answer(fault, { status: fault === 429 ? 'throttle event' : 'error', message: fault === 429 ? 'Requests for this service are arriving too quickly. Please retry later.' : 'Internal server error' });
      }
      const errors = validate(body);
      if (errors.length) {
        requests.push({ body, status: 400 });
        return answer(400, { status: 'invalid event', message: 'Event object is invalid', errors });
      }
      const ev = body as { routing_key: string; event_action: string; dedup_key?: string; payload?: { summary: string; severity: string } };
      const dedup = ev.dedup_key ?? randomUUID().replace(/-/g, '');
      const k = keyOf(ev.routing_key, dedup);
      const existing = alerts.get(k);
      if (ev.event_action === 'trigger') {
        if (!existing || existing.status === 'resolved') {
          alerts.set(k, { routingKey: ev.routing_key, dedupKey: dedup, status: 'triggered', summary: ev.payload?.summary ?? '', severity: ev.payload?.severity ?? 'info', actions: ['trigger'], incidentId: `Q${String(++incidentSeq).padStart(6, '0')}` });
        } else existing.actions.push('trigger');
      } else if (existing && existing.status !== 'resolved') {
        // Acknowledge and resolve apply to an open alert; otherwise they are dropped (still 202).
        existing.actions.push(ev.event_action);
        existing.status = ev.event_action === 'acknowledge' ? 'acknowledged' : 'resolved';
      }
      requests.push({ body, status: 202 });
      answer(202, { status: 'success', message: 'Event processed', dedup_key: dedup });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    eventsUrl: `${url}/v2/enqueue`,
    requests,
    alerts,
    alert: (r, d) => alerts.get(keyOf(r, d)),
    failNext(status, times = 1) {
      for (let i = 0; i < times; i++) faults.push(status);
    },
    async acknowledge(routingKey, dedupKey, user, o = {}) {
      const a = alerts.get(keyOf(routingKey, dedupKey));
      if (!a) throw new Error(`PagerDuty stand-in: no alert ${dedupKey}`);
      a.status = 'acknowledged';
      a.actions.push('acknowledged-in-pagerduty');
      const now = new Date().toISOString();
      const userId = `P${randomBytes(3).toString('hex').toUpperCase()}`;
      const body = JSON.stringify({
        event: {
          id: randomBytes(13).toString('hex').toUpperCase(),
          event_type: 'incident.acknowledged',
          resource_type: 'incident',
          occurred_at: now,
          agent: { html_url: `https://acme.pagerduty.com/users/${userId}`, id: userId, self: `https://api.pagerduty.com/users/${userId}`, summary: user, type: 'user_reference' },
          client: null,
          data: {
            id: a.incidentId,
            type: 'incident',
            self: `https://api.pagerduty.com/incidents/${a.incidentId}`,
            html_url: `https://acme.pagerduty.com/incidents/${a.incidentId}`,
            number: incidentSeq,
            status: 'acknowledged',
            incident_key: a.dedupKey,
            created_at: now,
            title: a.summary,
            service: { id: 'PSVC001', type: 'service_reference', summary: 'warroom test service' },
            assignees: [],
            escalation_policy: { id: 'PEP001', type: 'escalation_policy_reference', summary: 'Default' },
            teams: [],
            priority: null,
            urgency: 'high',
            conference_bridge: null,
            resolve_reason: null,
          },
        },
      });
      const signature = `v1=${createHmac('sha256', o.secret ?? opts.webhookSecret).update(body, 'utf8').digest('hex')}`;
      const target = opts.webhookUrl?.();
      if (!target) throw new Error('PagerDuty stand-in: no webhook URL');
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'PagerDuty-Webhook/V3.0', 'x-pagerduty-signature': signature, 'x-webhook-id': randomUUID(), 'x-webhook-subscription': 'PSUB001' },
        body,
      });
      return { status: res.status, body: await res.text() };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
