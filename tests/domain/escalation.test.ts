import { describe, expect, it } from 'vitest';
import { StateError, UsageError } from '../../src/domain/errors.js';
import { acknowledge } from '../../src/domain/acknowledgement.js';
import {
  choosePolicy,
  escalate,
  escalateOnTimeout,
  matchLevel,
  startPaging,
  stopEscalation,
  waitText,
  type EscalationOutcome,
} from '../../src/domain/escalation.js';
import type { PolicySnapshot } from '../../src/domain/escalation-state.js';
import type { Incident } from '../../src/domain/incident.js';
import { changeStatus, declare } from '../../src/domain/lifecycle.js';
import type { Severity } from '../../src/domain/severity.js';
import { ids } from '../support/entry-ids.js';

const T0 = Date.UTC(2023, 4, 13, 16, 5); // 7:05 PM EAT
const MIN = 60_000;

const policy: PolicySnapshot = {
  name: 'Platform',
  repeatLast: 2,
  levels: [
    { name: 'On-call engineering', targets: [{ type: 'user', id: 'U0ANA' }], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 15, sev4: 30 } },
    {
      name: 'Database administrators',
      targets: [{ type: 'user', id: 'U0BO' }, { type: 'usergroup', id: 'S0DBA' }],
      ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 15, sev4: 30 },
    },
    { name: 'Senior engineering', targets: [{ type: 'user', id: 'U0CY' }], ackTimeoutMinutes: { sev1: 10, sev2: 15, sev3: 30, sev4: 60 } },
  ],
};

function incident(severity: Severity = 'sev1'): Incident {
  return declare({ teamId: 'T1', number: 7, title: 'Logins failing', severity, private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U0IC', source: 'command', now: T0, ids }).incident;
}

/** Fires whatever timer the last outcome armed, at its deadline. */
function fire(out: EscalationOutcome): EscalationOutcome {
  if (!out.arm) throw new Error('nothing armed');
  const next = escalateOnTimeout(out.incident, out.arm, out.arm.at, ids);
  if (!next) throw new Error('timer was stale');
  return next;
}

describe('choosing a policy at declare', () => {
  const cfg = { defaultPolicy: 'Platform', policies: [{ ...policy, name: 'Payments' }, policy] };

  it('uses the default policy when none is asked for', () => {
    expect(choosePolicy(cfg)?.name).toBe('Platform');
  });

  it('falls back to the first listed policy when no default is set', () => {
    expect(choosePolicy({ policies: cfg.policies })?.name).toBe('Payments');
  });

  it('finds a policy by name regardless of case and spacing', () => {
    expect(choosePolicy(cfg, 'payments')?.name).toBe('Payments');
  });

  it('refuses an unknown policy and lists the known ones', () => {
    expect(() => choosePolicy(cfg, 'nope')).toThrow(UsageError);
    expect(() => choosePolicy(cfg, 'nope')).toThrow(/`Payments`, `Platform`/);
  });

  it('has no policy when none are configured', () => {
    expect(choosePolicy({ policies: [] })).toBeUndefined();
  });

  it('keeps a copy, so editing the configured policy later does not change the incident', () => {
    const chosen = choosePolicy(cfg);
    (cfg.policies[1] as PolicySnapshot).levels[0]!.name = 'Renamed';
    expect(chosen?.levels[0]?.name).toBe('On-call engineering');
    (cfg.policies[1] as PolicySnapshot).levels[0]!.name = 'On-call engineering';
  });
});

describe('which level pages when', () => {
  it('pages level 1 at declare and arms its timer for the severity', () => {
    const out = startPaging(incident('sev1'), policy, T0, ids);
    expect(out.entries.map((e) => e.text)).toEqual(['Paged On-call engineering (<@U0ANA>)']);
    expect(out.entries[0]?.kind).toBe('page');
    expect(out.arm).toEqual({ level: 0, attempt: 0, at: T0 + 5 * MIN });
    expect(out.page).toBe(0);
    expect(out.incident.policy?.name).toBe('Platform');
    expect(out.incident.participants).toContain('U0ANA');
  });

  it('gives a SEV3 longer to acknowledge than a SEV1', () => {
    expect(startPaging(incident('sev3'), policy, T0, ids).arm?.at).toBe(T0 + 15 * MIN);
  });

  it('pages nobody when no policy is configured, but still tracks escalation state', () => {
    const out = startPaging(incident(), undefined, T0, ids);
    expect(out.entries).toEqual([]);
    expect(out.arm).toBeUndefined();
    expect(out.incident.escalation?.pages).toEqual([]);
  });

  it('escalates to the next level when nobody acknowledges in time, and says why', () => {
    const out = fire(startPaging(incident(), policy, T0, ids));
    expect(out.entries[0]?.kind).toBe('escalation');
    expect(out.entries[0]?.text).toBe('Escalated to Database administrators (<@U0BO>, user group S0DBA): nobody acknowledged On-call engineering within 5 minutes');
    expect(out.arm).toEqual({ level: 1, attempt: 0, at: T0 + 10 * MIN });
    expect(out.incident.escalation?.pages[1]?.groups).toEqual(['S0DBA']);
  });

  it('walks every level, re-pages the last one up to repeatLast, then stops and tells the commander', () => {
    let out = startPaging(incident(), policy, T0, ids);
    out = fire(out); // DBAs
    out = fire(out); // Senior engineering
    expect(out.arm).toEqual({ level: 2, attempt: 0, at: T0 + 20 * MIN });
    out = fire(out);
    expect(out.entries[0]?.text).toMatch(/^Paged Senior engineering again \(re-page 1 of 2\)/);
    expect(out.remindCommander).toBe(true);
    expect(out.arm).toEqual({ level: 2, attempt: 1, at: T0 + 30 * MIN });
    out = fire(out);
    expect(out.entries[0]?.text).toMatch(/re-page 2 of 2/);
    out = fire(out);
    expect(out.entries[0]?.text).toMatch(/^Nobody acknowledged Senior engineering after 3 pages; automatic escalation stopped/);
    expect(out.arm).toBeUndefined();
    expect(out.remindCommander).toBe(true);
    expect(out.incident.escalation?.deadline).toBeUndefined();
    expect(out.incident.escalation?.pages).toHaveLength(5);
  });

  it('does not re-page at all when repeatLast is 0', () => {
    let out = startPaging(incident(), { ...policy, repeatLast: 0, levels: [policy.levels[0]!] }, T0, ids);
    out = fire(out);
    expect(out.entries[0]?.text).toMatch(/after 1 page; automatic escalation stopped/);
    expect(out.arm).toBeUndefined();
  });

  it('ignores a timer that fires twice, late, or for a level already passed', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const moved = fire(start);
    expect(escalateOnTimeout(moved.incident, start.arm!, T0 + 60 * MIN, ids)).toBeUndefined();
  });

  it('ignores timers once the incident is resolved', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const resolved = changeStatus(start.incident, { status: 'resolved', at: T0 + MIN, by: 'U0IC', source: 'command', now: T0 + MIN, ids }).incident;
    expect(escalateOnTimeout(resolved, start.arm!, start.arm!.at, ids)).toBeUndefined();
  });
});

describe('acknowledging', () => {
  it('acknowledges for the acknowledger level, stops the timer and sets the acknowledged time once', () => {
    const paged = fire(startPaging(incident(), policy, T0, ids));
    const out = acknowledge(paged.incident, { user: 'U0BO', source: 'button', now: T0 + 7 * MIN, ids });
    expect(out.entries[0]?.text).toBe('Acknowledged by <@U0BO> for Database administrators');
    expect(out.entries[0]?.kind).toBe('ack');
    expect(out.cancel).toEqual({ level: 1, attempt: 0, at: T0 + 10 * MIN });
    expect(out.incident.keyTimes.acknowledged).toBe(T0 + 7 * MIN);
    expect(out.incident.escalation?.deadline).toBeUndefined();
    expect(escalateOnTimeout(out.incident, paged.arm!, paged.arm!.at, ids)).toBeUndefined();
  });

  it('acknowledges the page of the level that named the person, even after a later level was paged', () => {
    const paged = fire(startPaging(incident(), policy, T0, ids));
    const out = acknowledge(paged.incident, { user: 'U0ANA', source: 'command', now: T0 + 6 * MIN, ids });
    expect(out.index).toBe(0);
    expect(out.entries[0]?.text).toBe('Acknowledged by <@U0ANA> for On-call engineering');
  });

  it('keeps the first acknowledged time when a later page is acknowledged', () => {
    const first = acknowledge(startPaging(incident(), policy, T0, ids).incident, { user: 'U0ANA', source: 'command', now: T0 + MIN, ids });
    const again = escalate(first.incident, { target: { kind: 'next' }, by: 'U0ANA', source: 'command', now: T0 + 20 * MIN, ids });
    const second = acknowledge(again.incident, { user: 'U0BO', source: 'command', now: T0 + 21 * MIN, ids });
    expect(second.incident.keyTimes.acknowledged).toBe(T0 + MIN);
  });

  it('acknowledges a page only once: a double click says who already did', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const once = acknowledge(start.incident, { user: 'U0ANA', page: 0, source: 'button', now: T0 + MIN, ids });
    expect(() => acknowledge(once.incident, { user: 'U0ANA', page: 0, source: 'button', now: T0 + MIN, ids })).toThrow(/You already acknowledged this page at 7:06 PM EAT/);
    expect(() => acknowledge(once.incident, { user: 'U0BO', page: 0, source: 'button', now: T0 + MIN, ids })).toThrow(/Already acknowledged by <@U0ANA>/);
  });

  it('refuses when nobody was paged', () => {
    expect(() => acknowledge(startPaging(incident(), undefined, T0, ids).incident, { user: 'U0BO', source: 'command', now: T0, ids })).toThrow(StateError);
  });

  it('after the last level was re-paged, an acknowledgement stops the re-paging', () => {
    let out = startPaging(incident(), policy, T0, ids);
    out = fire(fire(fire(out)));
    const acked = acknowledge(out.incident, { user: 'U0CY', source: 'command', now: out.arm!.at - 1, ids });
    expect(acked.cancel).toEqual(out.arm);
    expect(escalateOnTimeout(acked.incident, out.arm!, out.arm!.at, ids)).toBeUndefined();
  });
});

describe('escalating by hand', () => {
  it('pages the next level at once with the reason, replacing the armed timer', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const out = escalate(start.incident, { target: { kind: 'next' }, reason: 'no improvement after CPU investigation', by: 'U0IC', source: 'command', now: T0 + 2 * MIN, ids });
    expect(out.entries[0]?.text).toBe('Escalated to Database administrators (<@U0BO>, user group S0DBA): no improvement after CPU investigation');
    expect(out.entries[0]?.author).toBe('U0IC');
    expect(out.cancel).toEqual(start.arm);
    expect(out.arm).toEqual({ level: 1, attempt: 0, at: T0 + 7 * MIN });
  });

  it('jumps to a named level and continues automatically from there', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const m = matchLevel(start.incident.policy, 'senior ENGINEERING no improvement');
    expect(m).toEqual({ index: 2, rest: 'no improvement' });
    const out = escalate(start.incident, { target: { kind: 'level', index: m!.index }, reason: m!.rest, by: 'U0IC', source: 'command', now: T0 + MIN, ids });
    expect(out.entries[0]?.text).toBe('Escalated to Senior engineering (<@U0CY>): no improvement');
    expect(out.arm?.level).toBe(2);
  });

  it('re-pages the last level when asked for the next one there, with a fresh timer id', () => {
    let out = startPaging(incident(), policy, T0, ids);
    out = fire(fire(out));
    const again = escalate(out.incident, { target: { kind: 'next' }, by: 'U0IC', source: 'command', now: T0 + 16 * MIN, ids });
    expect(again.entries[0]?.text).toBe('Escalated to Senior engineering again (<@U0CY>)');
    expect(again.arm).toMatchObject({ level: 2, attempt: 1 });
  });

  it('pages a named person without touching the policy timer', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const out = escalate(start.incident, { target: { kind: 'user', id: 'U0ZED' }, reason: 'knows the billing DB', by: 'U0IC', source: 'command', now: T0 + MIN, ids });
    expect(out.entries[0]?.text).toBe('Escalated to <@U0ZED>: knows the billing DB');
    expect(out.arm).toBeUndefined();
    expect(out.cancel).toBeUndefined();
    expect(out.incident.escalation?.deadline).toBe(start.arm?.at);
    expect(out.incident.escalation?.pages[1]).toMatchObject({ level: -1, users: ['U0ZED'] });
    expect(fire(start)).toBeTruthy();
    expect(escalateOnTimeout(out.incident, start.arm!, start.arm!.at, ids)?.entries[0]?.text).toMatch(/^Escalated to Database administrators/);
  });

  it('without a policy, pages a named person or group but refuses "next level"', () => {
    const start = startPaging(incident(), undefined, T0, ids);
    expect(() => escalate(start.incident, { target: { kind: 'next' }, by: 'U0IC', source: 'command', now: T0, ids })).toThrow(UsageError);
    const out = escalate(start.incident, { target: { kind: 'group', id: 'S0DBA' }, by: 'U0IC', source: 'command', now: T0, ids });
    expect(out.entries[0]?.text).toBe('Escalated to user group S0DBA');
    expect(out.page).toBe(0);
  });

  it('refuses to page for a resolved incident', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const resolved = changeStatus(start.incident, { status: 'resolved', at: T0, by: 'U0IC', source: 'command', now: T0, ids }).incident;
    expect(() => escalate(resolved, { target: { kind: 'next' }, by: 'U0IC', source: 'command', now: T0, ids })).toThrow(/is resolved; reopen it/);
  });
});

describe('stopping', () => {
  it('cancels the armed timer and marks the escalation stopped', () => {
    const start = startPaging(incident(), policy, T0, ids);
    const out = stopEscalation(start.incident, T0 + MIN);
    expect(out.cancel).toEqual(start.arm);
    expect(out.incident.escalation?.stopped).toBe(true);
    expect(escalateOnTimeout(out.incident, start.arm!, start.arm!.at, ids)).toBeUndefined();
  });

  it('does nothing when nothing is armed', () => {
    const out = stopEscalation(incident(), T0);
    expect(out.cancel).toBeUndefined();
  });
});

describe('wait text', () => {
  it('reads naturally for minutes, hours and test-sized timeouts', () => {
    expect(waitText(5 * MIN)).toBe('5 minutes');
    expect(waitText(1 * MIN)).toBe('1 minute');
    expect(waitText(180 * MIN)).toBe('3 hours');
    expect(waitText(300)).toBe('1 second');
  });
});

describe('acknowledging without a button', () => {
  it('a person not named on any page (a group member) acknowledges the latest page, not an older unacknowledged one', () => {
    let out = startPaging(incident(), policy, T0, ids);
    out = fire(out); // DBAs paged, On-call never acknowledged
    const first = acknowledge(out.incident, { user: 'U0DEE', source: 'command', now: T0 + 6 * MIN, ids });
    expect(first.entries[0]?.text).toBe('Acknowledged by <@U0DEE> for Database administrators');
    expect(() => acknowledge(first.incident, { user: 'U0EVE', source: 'command', now: T0 + 6 * MIN, ids })).toThrow(/Already acknowledged by <@U0DEE>/);
  });

  it('someone named only on an acknowledged page is told they already did', () => {
    const acked = acknowledge(startPaging(incident(), policy, T0, ids).incident, { user: 'U0ANA', source: 'command', now: T0 + MIN, ids });
    expect(() => acknowledge(acked.incident, { user: 'U0ANA', source: 'command', now: T0 + 2 * MIN, ids })).toThrow(/You already acknowledged/);
  });
});
