import type { TimelineEntry } from '../../src/domain/timeline.js';
import { action, ANA, at, BO, CY, entry, incident } from './fixtures.js';

/** Records for the golden drafts beyond the reference incident, as the rules would have written them. */

const BERLIN = 'Europe/Berlin';

/**
 * A payments outage in Berlin from Friday 10:40 PM to Monday 1:48 AM: it crosses two midnights
 * and the night of Sunday, March 29, 2026, when the clocks went from 2:00 CET to 3:00 CEST.
 * Impact lasted 2 days 2 hours 8 minutes.
 */
export function multiDayRecord() {
  const t = (day: string, h: number, m: number): number => at(day, h, m, BERLIN);
  const entries: TimelineEntry[] = [
    entry('time', t('2026-03-27', 22, 40), 'Impact started time set', { change: { field: 'started', to: String(t('2026-03-27', 22, 40)) } }),
    entry('declared', t('2026-03-27', 22, 55), `Incident declared by <@${ANA}>: SEV2 Card payments failing`),
    entry('note', t('2026-03-27', 23, 20), 'Card authorisations time out at the payment gateway; retries pile up.', { author: BO }),
    entry('note', t('2026-03-28', 0, 15), 'After midnight: the gateway vendor confirms degraded service in eu-central.', { author: BO }),
    entry('status', t('2026-03-28', 9, 5), 'Status changed from Investigating to Identified: the gateway loses TLS sessions after its certificate rotation', { change: { field: 'status', from: 'investigating', to: 'identified' } }),
    entry('note', t('2026-03-29', 1, 50), 'Ten minutes before the clocks change: failover to the second gateway started.', { author: CY }),
    entry('note', t('2026-03-29', 3, 10), 'Ten minutes after the clocks changed: failover complete, error rate falling.', { author: CY }),
    entry('status', t('2026-03-29', 3, 20), 'Status changed from Identified to Monitoring: traffic on the second gateway', { change: { field: 'status', from: 'identified', to: 'monitoring' } }),
    entry('status', t('2026-03-30', 1, 48), 'Status changed from Monitoring to Resolved', { change: { field: 'status', from: 'monitoring', to: 'resolved' } }),
    entry('field', t('2026-03-30', 9, 0), 'Root cause recorded: the gateway dropped TLS sessions after a certificate rotation', { change: { field: 'cause', to: 'the gateway dropped TLS sessions after a certificate rotation' } }),
    entry('closed', t('2026-03-30', 9, 30), `Incident closed by <@${ANA}>`, { change: { field: 'status', from: 'resolved', to: 'closed' } }),
  ];
  const inc = incident({
    number: 12,
    title: 'Card payments failing',
    timeZone: BERLIN,
    cause: 'the gateway dropped TLS sessions after a certificate rotation',
    keyTimes: {
      started: t('2026-03-27', 22, 40),
      declared: t('2026-03-27', 22, 55),
      identified: t('2026-03-28', 9, 5),
      mitigated: t('2026-03-29', 3, 20),
      resolved: t('2026-03-30', 1, 48),
      closed: t('2026-03-30', 9, 30),
    },
    participants: [ANA, BO, CY],
    postmortemVersion: 1,
  });
  const actions = [action(1, { text: 'Alert on TLS handshake failures at the gateway', kind: 'preventive', owner: CY, due: '2026-04-10', timeZone: BERLIN })];
  return { incident: inc, entries, actions, now: t('2026-03-30', 9, 30) };
}

/**
 * An incident whose record was corrected: a note edited and moved, one struck out, a 📌 whose
 * message was edited; an escalation, a page and its acknowledgement; raised from SEV2 to SEV1
 * at 8:30 PM and a status update posted.
 */
export function correctedRecord() {
  const t = (h: number, m: number): number => at('2023-05-13', h, m);
  const MIN = 60_000;
  const edited = entry('note', t(19, 30), 'Logins fail for about 60% of new users.', { author: BO });
  edited.history = [{ text: 'Logins fail for everyone.', at: t(19, 25), by: BO, replacedAt: t(21, 5) }];
  const struck = entry('note', t(19, 40), 'Probably the CDN.', { author: CY });
  struck.deleted = { by: ANA, at: t(21, 6) };
  const entries: TimelineEntry[] = [
    entry('declared', t(19, 5), `Incident declared by <@${ANA}>: SEV2 Logins failing`),
    edited,
    struck,
    entry('escalation', t(19, 50), 'Escalated to level 2 (Database administrators)', { source: 'system' }),
    entry('page', t(19, 50), `Paged <@${CY}> (Database administrators)`, { source: 'system' }),
    entry('ack', t(19, 56), `<@${CY}> acknowledged the page`, { author: CY, source: 'button' }),
    entry('role', t(20, 0), `<@${CY}> is now the scribe`, { change: { field: 'scribe', to: CY } }),
    entry('pin', t(20, 10), 'max_connections is at 500/500 on db-1', {
      author: CY,
      source: 'reaction',
      pin: { channel: 'C0INC7', ts: '1684000000.000100', author: CY, permalink: 'https://t.slack.com/archives/C0INC7/p1684000000000100', history: ['max_connections at 500'] },
    }),
    entry('severity', t(20, 30), 'Severity raised from SEV2 to SEV1', { change: { field: 'severity', from: 'sev2', to: 'sev1' } }),
    entry('update', t(20, 35), 'We found the cause: the database ran out of connections. Raising the pool limit now; next update in ~30 minutes.'),
    entry('status', t(20, 50), 'Status changed from Investigating to Monitoring: pool limit raised', { change: { field: 'status', from: 'investigating', to: 'monitoring' } }),
    entry('status', t(21, 0), 'Status changed from Monitoring to Resolved', { change: { field: 'status', from: 'monitoring', to: 'resolved' } }),
    entry('correction', t(21, 5), `Entry of 7:25 PM EAT edited and moved to 7:30 PM EAT by <@${BO}>`, { author: BO, change: { field: edited.id, from: 'Logins fail for everyone.', to: 'Logins fail for about 60% of new users.' } }),
    entry('correction', t(21, 6), `Entry of 7:40 PM EAT deleted by <@${ANA}>`, { change: { field: struck.id, from: 'Probably the CDN.' } }),
  ];
  // The correction happened after the fact: recorded later than the entries it corrects.
  for (const e of entries) if (e.kind === 'correction') e.recordedAt = e.at + MIN;
  const inc = incident({
    severity: 'sev1',
    status: 'resolved',
    title: 'Logins failing',
    keyTimes: { declared: t(19, 5), acknowledged: t(19, 56), mitigated: t(20, 50), resolved: t(21, 0) },
    roles: { commander: ANA, scribe: CY },
    participants: [ANA, BO, CY],
    postmortemVersion: 1,
  });
  return { incident: inc, entries, actions: [], now: t(21, 10) };
}
