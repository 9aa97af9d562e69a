import { describe, expect, it } from 'vitest';
import { StateError, UsageError } from '../../src/domain/errors.js';
import type { Incident } from '../../src/domain/incident.js';
import { changeStatus, declare } from '../../src/domain/lifecycle.js';
import { postUpdate, rearmStatusReminder, reminderDue, snoozeReminder, stopReminder, updateIntervalMs } from '../../src/domain/status-updates.js';
import { ids } from '../support/entry-ids.js';

const T0 = Date.UTC(2023, 4, 13, 16, 5);
const MIN = 60_000;
const intervals = { sev1: 30, sev2: 60, sev3: 120, sev4: 240 };

function active(): Incident {
  const i = declare({ teamId: 'T1', number: 3, title: 'Checkout down', severity: 'sev1', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U0IC', source: 'command', now: T0, ids }).incident;
  return rearmStatusReminder(i, T0 + updateIntervalMs(intervals, 'sev1'), T0).incident;
}

describe('status-update reminders', () => {
  it('reminds every 30 minutes for a SEV1 and every 2 hours for a SEV3', () => {
    expect(updateIntervalMs(intervals, 'sev1')).toBe(30 * MIN);
    expect(updateIntervalMs(intervals, 'sev3')).toBe(120 * MIN);
    expect(active().escalation?.reminder).toEqual({ seq: 0, due: T0 + 30 * MIN });
  });

  it('an update is recorded, moves lastUpdateAt and re-arms the reminder with a new id', () => {
    const out = postUpdate(active(), { text: ' Rolled back; errors falling ', by: 'U0ANA', source: 'command', now: T0 + 10 * MIN, ids, intervalMs: 30 * MIN });
    expect(out.entries[0]).toMatchObject({ kind: 'update', text: 'Rolled back; errors falling', author: 'U0ANA' });
    expect(out.incident.lastUpdateAt).toBe(T0 + 10 * MIN);
    expect(out.cancel).toEqual({ seq: 0, at: T0 + 30 * MIN });
    expect(out.arm).toEqual({ seq: 1, at: T0 + 40 * MIN });
  });

  it('a reminder that fires re-arms one interval later; the superseded one is stale', () => {
    const i = active();
    const fired = reminderDue(i, 0, T0 + 30 * MIN, 30 * MIN);
    expect(fired?.arm).toEqual({ seq: 1, at: T0 + 60 * MIN });
    expect(reminderDue(fired!.incident, 0, T0 + 31 * MIN, 30 * MIN)).toBeUndefined();
  });

  it('snoozing pushes the reminder 30 minutes out', () => {
    const out = snoozeReminder(active(), { now: T0 + 30 * MIN });
    expect(out.arm).toEqual({ seq: 1, at: T0 + 60 * MIN });
  });

  it('resolving stops the reminder; a late job is then stale', () => {
    const resolved = changeStatus(active(), { status: 'resolved', at: T0, by: 'U0IC', source: 'command', now: T0, ids }).incident;
    expect(reminderDue(resolved, 0, T0 + 30 * MIN, 30 * MIN)).toBeUndefined();
    const out = stopReminder(resolved, T0);
    expect(out.cancel?.seq).toBe(0);
    expect(out.incident.escalation?.reminder).toBeUndefined();
    expect(() => snoozeReminder(out.incident, { now: T0 })).toThrow(StateError);
  });

  it('a final update on a resolved incident is recorded but arms nothing', () => {
    const resolved = changeStatus(active(), { status: 'resolved', at: T0, by: 'U0IC', source: 'command', now: T0, ids }).incident;
    const out = postUpdate(resolved, { text: 'All clear', by: 'U0IC', source: 'command', now: T0 + MIN, ids, intervalMs: 30 * MIN });
    expect(out.entries).toHaveLength(1);
    expect(out.arm).toBeUndefined();
  });

  it('an empty update is a usage mistake', () => {
    expect(() => postUpdate(active(), { text: '  ', by: 'U0IC', source: 'command', now: T0, ids, intervalMs: MIN })).toThrow(UsageError);
  });
});
