import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { acknowledgeInPagerDuty } from '../domain/acknowledgement.js';
import { incidentLabel } from '../domain/incident.js';
import { applyRule } from './apply.js';
import type { Services } from './context.js';
import { applyEscalation } from './escalation-timers.js';
import { markPageAcknowledged } from './paging.js';
import { acknowledgeInPagerDutyToo, paged, parseDedupKey } from './pagerduty-events.js';

/** `v1=<hex>` signatures, comma separated (several while a secret rotates); one must match. */
export function verifyPagerDutySignature(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex'));
  return header
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.startsWith('v1='))
    .some((p) => {
      const got = Buffer.from(p.slice(3));
      return got.length === expected.length && timingSafeEqual(got, expected);
    });
}

const WebhookEvent = z.object({
  event: z.looseObject({
    id: z.string(),
    event_type: z.string(),
    agent: z.looseObject({ summary: z.string().optional(), name: z.string().optional() }).nullish(),
    data: z.looseObject({ incident_key: z.string().nullish(), title: z.string().optional() }),
  }),
});

export type WebhookAnswer = { status: number; body: Record<string, unknown> };

/** POST /integrations/pagerduty, after the signature checked out. */
export async function receivePagerDutyWebhook(s: Services, body: unknown): Promise<WebhookAnswer> {
  const parsed = WebhookEvent.safeParse(body);
  if (!parsed.success) return { status: 400, body: { error: 'malformed', reason: 'not a PagerDuty v3 webhook event' } };
  const { event } = parsed.data;
  if (event.event_type !== 'incident.acknowledged') return { status: 200, body: { ignored: event.event_type } };
  const ref = parseDedupKey(event.data.incident_key ?? '');
  if (!ref) return { status: 200, body: { ignored: 'not an incident warroom paged' } };
  const loaded = await s.incidents.load(ref.team, ref.incident);
  if (!loaded) return { status: 200, body: { ignored: 'unknown incident' } };
  const name = (event.agent?.summary ?? event.agent?.name ?? 'someone').slice(0, 100);
  // A second delivery of the same webhook changes nothing: answered without touching Slack.
  if (acknowledgeInPagerDuty(loaded.incident, { name, level: ref.level, now: s.now(), ids: s.ids }).acked === undefined) return { status: 200, body: { ignored: 'already acknowledged' } };
  const { after, outcome } = await applyRule(s, ref.team, ref.incident, (incident) => acknowledgeInPagerDuty(incident, { name, level: ref.level, now: s.now(), ids: s.ids }));
  if (outcome.acked === undefined || outcome.index === undefined) return { status: 200, body: { ignored: 'already acknowledged' } };
  await applyEscalation(s, after, { entries: [], ...(outcome.cancel ? { cancel: outcome.cancel } : {}) });
  await markPageAcknowledged(s, after, outcome.acked, outcome.index);
  // The other levels' PagerDuty alerts (if any) stop too.
  if (paged(after).some((p) => p.level !== ref.level)) await acknowledgeInPagerDutyToo(s, after);
  return { status: 200, body: { acknowledged: incidentLabel(after) } };
}

