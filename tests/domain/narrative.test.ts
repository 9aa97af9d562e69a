import { describe, expect, it } from 'vitest';
import { closeIncident, closeNeedsConfirmation, reopenIncident, requestPostmortem } from '../../src/domain/closing.js';
import { StateError } from '../../src/domain/errors.js';
import { changeStatus, declare } from '../../src/domain/lifecycle.js';
import { setNarrative } from '../../src/domain/narrative.js';
import { ids } from '../support/entry-ids.js';

const T0 = Date.parse('2023-05-13T16:05:00Z');
const MIN = 60_000;
const base = () =>
  declare({ teamId: 'T1', number: 7, title: 'Auth failing', severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U1', source: 'command', now: T0, ids }).incident;
const resolved = () => changeStatus(base(), { status: 'resolved', at: T0 + 55 * MIN, by: 'U1', source: 'command', now: T0 + 55 * MIN, ids }).incident;
const by = (now: number) => ({ by: 'U2', source: 'command' as const, now, ids });

describe('narrative fields', () => {
  it('records the impact with a field entry that keeps what it said before, and the latest text wins', () => {
    const first = setNarrative(base(), { field: 'impact', text: 'logins failing', ...by(T0 + MIN) });
    expect(first.incident.impact).toBe('logins failing');
    expect(first.entries[0]).toMatchObject({ kind: 'field', author: 'U2', text: 'Impact recorded: logins failing', change: { field: 'impact', to: 'logins failing' } });
    const second = setNarrative(first.incident, { field: 'impact', text: '  around 65% of new customers could not log in  ', ...by(T0 + 2 * MIN) });
    expect(second.incident.impact).toBe('around 65% of new customers could not log in');
    expect(second.entries[0]?.change).toEqual({ field: 'impact', from: 'logins failing', to: 'around 65% of new customers could not log in' });
    expect(second.entries[0]?.text).toMatch(/^Impact updated: /);
    expect(second.incident.participants).toContain('U2');
  });

  it('can be written after the incident is closed', () => {
    const closed = closeIncident(resolved(), { ...by(T0 + 60 * MIN), resolveNow: false }).incident;
    const out = setNarrative(closed, { field: 'cause', text: 'config change deadlocked the database', ...by(T0 + 90 * MIN) });
    expect(out.incident.cause).toBe('config change deadlocked the database');
    expect(out.incident.status).toBe('closed');
  });

  it('refuses empty text and text that changes nothing', () => {
    expect(() => setNarrative(base(), { field: 'summary', text: '   ', ...by(T0) })).toThrow(StateError);
    const once = setNarrative(base(), { field: 'resolution', text: 'rolled back', ...by(T0) }).incident;
    expect(() => setNarrative(once, { field: 'resolution', text: 'rolled back', ...by(T0) })).toThrow(/already says exactly that/);
  });
});

describe('closing', () => {
  it('closes a resolved incident at once: closed time, first postmortem version, a closed entry', () => {
    const incident = resolved();
    expect(closeNeedsConfirmation(incident)).toBe(false);
    const out = closeIncident(incident, { ...by(T0 + 60 * MIN), resolveNow: false });
    expect(out.incident.status).toBe('closed');
    expect(out.incident.keyTimes.closed).toBe(T0 + 60 * MIN);
    expect(out.incident.keyTimes.resolved).toBe(T0 + 55 * MIN);
    expect(out.incident.postmortemVersion).toBe(1);
    expect(out.entries.map((e) => e.kind)).toEqual(['closed']);
    expect(out.entries[0]?.change).toEqual({ field: 'status', from: 'resolved', to: 'closed' });
  });

  it('asks before closing an unresolved incident, and when confirmed resolves it now and closes it', () => {
    const incident = base();
    expect(closeNeedsConfirmation(incident)).toBe(true);
    expect(() => closeIncident(incident, { ...by(T0 + 30 * MIN), resolveNow: false })).toThrow(/not resolved/);
    const out = closeIncident(incident, { ...by(T0 + 30 * MIN), resolveNow: true });
    expect(out.incident.keyTimes).toMatchObject({ resolved: T0 + 30 * MIN, closed: T0 + 30 * MIN });
    expect(out.entries.map((e) => [e.kind, e.change?.to])).toEqual([
      ['status', 'resolved'],
      ['closed', 'closed'],
    ]);
    // Same moment, but the closing always reads after the resolving, in Redis (id) and in the draft (recordedAt).
    const [resolvedEntry, closedEntry] = out.entries;
    expect(closedEntry && resolvedEntry && closedEntry.id > resolvedEntry.id && closedEntry.recordedAt > resolvedEntry.recordedAt).toBe(true);
  });

  it('refuses to close twice, pointing at postmortem and reopen', () => {
    const closed = closeIncident(resolved(), { ...by(T0 + 60 * MIN), resolveNow: false }).incident;
    expect(() => closeNeedsConfirmation(closed)).toThrow(StateError);
    expect(() => closeIncident(closed, { ...by(T0 + 61 * MIN), resolveNow: true })).toThrow(/already closed.*postmortem.*reopen/s);
  });

  it('reopens a closed incident as investigating, forgetting closed and resolved times, and records why', () => {
    const closed = closeIncident(resolved(), { ...by(T0 + 60 * MIN), resolveNow: false }).incident;
    const out = reopenIncident(closed, { ...by(T0 + 90 * MIN), reason: 'logins failing again' });
    expect(out.incident.status).toBe('investigating');
    expect(out.incident.keyTimes.closed).toBeUndefined();
    expect(out.incident.keyTimes.resolved).toBeUndefined();
    expect(out.incident.postmortemVersion).toBe(1);
    expect(out.entries[0]).toMatchObject({ kind: 'reopened', text: 'Incident reopened by <@U2> as Investigating: logins failing again', change: { field: 'status', from: 'closed', to: 'investigating' } });
    // Closing again starts the next postmortem version.
    const again = closeIncident(out.incident, { ...by(T0 + 120 * MIN), resolveNow: true });
    expect(again.incident.postmortemVersion).toBe(2);
  });

  it('reopens as resolved when asked, keeping the resolved time', () => {
    const closed = closeIncident(resolved(), { ...by(T0 + 60 * MIN), resolveNow: false }).incident;
    const out = reopenIncident(closed, { ...by(T0 + 90 * MIN), status: 'resolved' });
    expect(out.incident.keyTimes.resolved).toBe(T0 + 55 * MIN);
  });

  it('only reopens what is closed', () => {
    expect(() => reopenIncident(resolved(), { ...by(T0) })).toThrow(/is not closed/);
  });

  it('gives every requested redraft a new version, recorded in the timeline', () => {
    const closed = closeIncident(resolved(), { ...by(T0 + 60 * MIN), resolveNow: false }).incident;
    const v2 = requestPostmortem(closed, by(T0 + 70 * MIN));
    const v3 = requestPostmortem(v2.incident, by(T0 + 71 * MIN));
    expect([v2.incident.postmortemVersion, v3.incident.postmortemVersion]).toEqual([2, 3]);
    expect(v3.entries[0]).toMatchObject({ kind: 'postmortem', change: { field: 'postmortemVersion', from: '2', to: '3' } });
  });
});
