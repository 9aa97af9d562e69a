import { describe, expect, it } from 'vitest';
import { StateError } from '../../src/domain/errors.js';
import { assignRole, changeSeverity, changeStatus, declare, referenceTime, setKeyTime } from '../../src/domain/lifecycle.js';
import { addNote, deletePinned, editPinned, pinMessage } from '../../src/domain/notes.js';
import { entryIdSource } from '../../src/domain/entries.js';
import { ids } from '../support/entry-ids.js';

const T0 = Date.parse('2023-05-13T16:00:00Z');
const base = () =>
  declare({ teamId: 'T1', number: 7, title: 'Auth failing', severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U1', source: 'command', now: T0, ids });

describe('declaring', () => {
  it('starts investigating, with the declarer as commander and a "declared by" entry', () => {
    const { incident, entries } = base();
    expect(incident.status).toBe('investigating');
    expect(incident.roles.commander).toBe('U1');
    expect(incident.keyTimes.declared).toBe(T0);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.text).toBe('Incident declared by <@U1>: SEV2 Auth failing');
  });

  it('records the commander when someone else leads it', () => {
    const { incident, entries } = declare({ ...base().incident, number: 8, declaredBy: 'U1', commander: 'U2', impact: undefined, source: 'modal', now: T0, ids });
    expect(incident.roles.commander).toBe('U2');
    expect(incident.participants).toEqual(['U1', 'U2']);
    expect(entries.map((e) => e.kind)).toEqual(['declared', 'role']);
  });
});

describe('status changes', () => {
  it('marks identified, mitigated and resolved key times the first time each is reached, back-dated when asked', () => {
    let { incident } = base();
    incident = changeStatus(incident, { status: 'identified', at: T0 + 35 * 60_000, by: 'U1', source: 'command', now: T0 + 60 * 60_000, ids }).incident;
    incident = changeStatus(incident, { status: 'monitoring', at: T0 + 45 * 60_000, by: 'U1', source: 'command', now: T0 + 60 * 60_000, ids }).incident;
    const resolved = changeStatus(incident, { status: 'resolved', at: T0 + 60 * 60_000, text: 'auth restored', by: 'U1', source: 'command', now: T0 + 61 * 60_000, ids });
    expect(resolved.incident.keyTimes).toMatchObject({ identified: T0 + 35 * 60_000, mitigated: T0 + 45 * 60_000, resolved: T0 + 60 * 60_000 });
    expect(resolved.entries[0]).toMatchObject({ kind: 'status', at: T0 + 60 * 60_000, text: 'Status changed from Monitoring to Resolved: auth restored', change: { field: 'status', from: 'monitoring', to: 'resolved' } });
  });

  it('forgets "resolved" when the incident flares up again', () => {
    let { incident } = base();
    incident = changeStatus(incident, { status: 'resolved', at: T0 + 1, by: 'U1', source: 'command', now: T0 + 1, ids }).incident;
    incident = changeStatus(incident, { status: 'investigating', at: T0 + 2, by: 'U1', source: 'command', now: T0 + 2, ids }).incident;
    expect(incident.keyTimes.resolved).toBeUndefined();
  });

  it('refuses the status it already has, and any change to a closed incident', () => {
    const { incident } = base();
    expect(() => changeStatus(incident, { status: 'investigating', at: T0, by: 'U1', source: 'command', now: T0, ids })).toThrow(/already Investigating/);
    const closed = { ...incident, status: 'closed' as const };
    expect(() => changeSeverity(closed, { severity: 'sev1', by: 'U1', source: 'command', now: T0, ids })).toThrow(StateError);
  });
});

describe('severity and roles', () => {
  it('says whether severity was raised or lowered, with the reason', () => {
    const { incident } = base();
    expect(changeSeverity(incident, { severity: 'sev1', reason: 'all logins fail', by: 'U2', source: 'command', now: T0, ids }).entries[0]?.text).toBe('Severity raised from SEV2 to SEV1: all logins fail');
    expect(changeSeverity(incident, { severity: 'sev4', by: 'U2', source: 'command', now: T0, ids }).entries[0]?.text).toBe('Severity lowered from SEV2 to SEV4');
  });

  it('hands a role over and names who had it', () => {
    const { incident, entries } = assignRole(base().incident, { role: 'commander', user: 'U3', by: 'U1', source: 'command', now: T0, ids });
    expect(incident.roles.commander).toBe('U3');
    expect(incident.participants).toContain('U3');
    expect(entries[0]?.text).toBe('<@U3> is now Incident commander (was <@U1>)');
  });
});

describe('key times and notes', () => {
  it('reads undated times against the earliest known start', () => {
    const { incident } = setKeyTime(base().incident, { key: 'started', at: T0 - 10 * 60_000, by: 'U1', source: 'command', now: T0, ids });
    expect(referenceTime(incident)).toBe(T0 - 10 * 60_000);
  });

  it('keeps a note at the time it happened, not when it was typed', () => {
    const { entry } = addNote(base().incident, { text: ' DBAs alerted ', at: T0 + 5 * 60_000, by: 'U2', source: 'command', now: T0 + 90 * 60_000, ids });
    expect(entry).toMatchObject({ kind: 'note', at: T0 + 5 * 60_000, recordedAt: T0 + 90 * 60_000, text: 'DBAs alerted', author: 'U2' });
  });

  it('puts a 📌 at the message time, keeps the first text on edit and marks a deletion', () => {
    const { entry } = pinMessage(base().incident, { channel: 'C1', ts: '1684000000.000100', text: 'CPU at 100%', messageAuthor: 'U2', pinnedBy: 'U1', now: T0 });
    expect(entry.id).toBe('pin-1684000000.000100');
    expect(entry.at).toBe(1684000000000);
    const edited = editPinned(entry, 'CPU at 100% on db-1');
    expect(edited?.text).toBe('CPU at 100% on db-1');
    expect(edited?.pin?.history).toEqual(['CPU at 100%']);
    expect(editPinned(entry, 'CPU at 100%')).toBeUndefined();
    expect(deletePinned(edited ?? entry)?.pin?.deleted).toBe(true);
  });
});

describe('entries recorded in the same millisecond', () => {
  it('keep the order they were made in, so "declared" comes before its commander', () => {
    const made = Array.from({ length: 50 }, () => ids(T0));
    expect([...made].sort()).toEqual(made);
    expect(new Set(made).size).toBe(50);
  });

  it('stay apart when two processes make them at once: the random tail differs', () => {
    let seed = 0;
    const processA = entryIdSource((bytes) => bytes.fill(1));
    const processB = entryIdSource((bytes) => bytes.fill(++seed + 1));
    expect(processA(T0)).not.toEqual(processB(T0));
    expect(processA(T0).slice(0, 12)).toEqual(processB(T0).slice(0, 12));
  });
});
