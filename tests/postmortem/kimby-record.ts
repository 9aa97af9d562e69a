import { action, ANA, at, BO, CY, entry, incident } from './fixtures.js';
import type { TimelineEntry } from '../../src/domain/timeline.js';

/** The reference incident (docs/reference/kimby-postmortem.md) as the rules would record it. */
export function kimbyRecord() {
  const t = (h: number, m: number): number => at('2023-05-13', h, m);
  const entries: TimelineEntry[] = [
    entry('declared', t(19, 5), `Incident declared by <@${ANA}>: SEV2 Authentication failing for new customers`),
    entry('time', t(19, 0), 'Impact started time set', { change: { field: 'started', to: String(t(19, 0)) } }),
    entry('time', t(19, 0), 'Detected time set', { change: { field: 'detected', to: String(t(19, 0)) } }),
    entry('note', t(19, 0), 'The problem was detected as there were reports by users while trying to access the service and the errors escalated.'),
    entry('note', t(19, 5), 'The engineering team and the database administrators were alerted of the situation and began taking a look at it.'),
    entry('note', t(19, 30), 'The team discovered that no authentication was going through even for authorized users. They began by checking the database system.', { author: BO }),
    entry('note', t(19, 45), 'The database was not communicating with the website; troubleshooting started since the CPU usage was high.', { author: BO }),
    entry('note', t(20, 20), 'The database server was experiencing high CPU usage but restarting workers brought no significant improvement.', { author: CY }),
    entry('note', t(20, 30), 'The issue escalated and the problem was transferred to the senior engineering team.'),
    entry('status', t(20, 35), 'Status changed from Investigating to Identified: a recent configuration change caused a deadlock in the database', { change: { field: 'status', from: 'investigating', to: 'identified' } }),
    entry('status', t(20, 45), 'Status changed from Identified to Monitoring: configuration change rolled back and database restarted', { change: { field: 'status', from: 'identified', to: 'monitoring' } }),
    entry('note', t(20, 50), 'Authentication was restored and customers were able to continue with their purchases.'),
    entry('status', t(21, 0), 'Status changed from Monitoring to Resolved', { change: { field: 'status', from: 'monitoring', to: 'resolved' } }),
    entry('field', t(21, 20), 'Impact recorded: around 65% of new customers could not log in; purchases halted', { change: { field: 'impact', to: 'around 65% of new customers could not log in; purchases halted' } }),
    entry('closed', t(21, 30), `Incident closed by <@${ANA}>`, { change: { field: 'status', from: 'resolved', to: 'closed' } }),
  ];
  const inc = incident({
    impact: 'around 65% of new customers could not log in; purchases halted',
    cause: 'A configuration change caused a deadlock in the database: queries blocked each other, so the website could not authenticate users.',
    resolution: 'The configuration change was rolled back and the database restarted.',
    keyTimes: { started: t(19, 0), detected: t(19, 0), declared: t(19, 5), identified: t(20, 35), mitigated: t(20, 45), resolved: t(21, 0), closed: t(21, 30) },
    participants: [ANA, BO, CY],
    postmortemVersion: 1,
  });
  const actions = [
    action(1, { text: 'Continuous monitoring of the database', kind: 'preventive', owner: CY, due: '2023-05-26' }),
    action(2, { text: 'Review and test configuration changes before they ship', owner: BO, due: '2023-05-20' }),
    action(3, { text: 'Review database schema and queries', kind: 'preventive' }),
  ];
  return { incident: inc, entries, actions, now: t(21, 30) };
}
