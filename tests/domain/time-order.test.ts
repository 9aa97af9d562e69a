import { describe, expect, it } from 'vitest';
import { changeStatus, declare, setKeyTime } from '../../src/domain/lifecycle.js';
import type { Incident } from '../../src/domain/incident.js';
import { ids } from '../support/entry-ids.js';

const at = (hhmm: string): number => Date.parse(`2023-05-13T${hhmm}:00+03:00`);
const by = { by: 'U0ANA', source: 'command' as const };

function incident(): Incident {
  return declare({ teamId: 'T1', number: 1, title: 'Logins failing', severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U0ANA', source: 'command', now: at('06:30'), ids }).incident;
}

describe('times keep their order', () => {
  it('refuses a back-dated status change before the last one, naming it and how to correct it', () => {
    const monitoring = changeStatus(incident(), { status: 'monitoring', at: at('05:16'), ...by, now: at('06:30'), ids }).incident;
    expect(() => changeStatus(monitoring, { status: 'resolved', at: at('05:14'), ...by, now: at('06:31'), ids })).toThrow(
      /Resolved at 5:14 AM EAT would be before the last status change, to Monitoring at 5:16 AM EAT.*`\/incident time mitigated <time>`/,
    );
  });

  it('refuses a key time out of order, naming the one it conflicts with', () => {
    const started = setKeyTime(incident(), { key: 'started', at: at('05:15'), ...by, now: at('06:30'), ids }).incident;
    expect(() => setKeyTime(started, { key: 'detected', at: at('05:10'), ...by, now: at('06:30'), ids })).toThrow(/Detected at 5:10 AM EAT would be before impact started \(5:15 AM EAT\).*`\/incident time started <time>`/);
    expect(() => changeStatus(started, { status: 'identified', at: at('05:10'), ...by, now: at('06:30'), ids })).toThrow(/before impact started/);
  });

  it('exempts the declare time: an old incident recorded after the fact takes earlier times', () => {
    const back = changeStatus(incident(), { status: 'identified', at: at('04:00'), ...by, now: at('06:30'), ids }).incident;
    expect(back.keyTimes.identified).toBe(at('04:00'));
  });

  it('accepts a status change made now even if an earlier key time says otherwise (mitigated before the cause was found)', () => {
    const mitigated = setKeyTime(incident(), { key: 'mitigated', at: at('05:16'), ...by, now: at('06:30'), ids }).incident;
    const identified = changeStatus(mitigated, { status: 'identified', at: at('06:40'), ...by, now: at('06:40'), ids }).incident;
    expect(identified.status).toBe('identified');
  });
});
