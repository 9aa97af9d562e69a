import { describe, expect, it } from 'vitest';
import {
  addActionItem,
  assignActionItem,
  cancelActionItem,
  compareForChasing,
  digestGroups,
  markDone,
  recordReminder,
  reopenActionItem,
  setActionItemDue,
  snoozeActionItem,
  type ActionItemContext,
} from '../../src/domain/action-item-rules.js';
import type { ReminderPolicy } from '../../src/domain/action-item-schedule.js';
import { StateError } from '../../src/domain/errors.js';
import { declare } from '../../src/domain/lifecycle.js';
import { ids } from '../support/entry-ids.js';

const utc = (iso: string): number => Date.parse(iso);
const POLICY: ReminderPolicy = { hour: 9, workingDays: [1, 2, 3, 4, 5], escalateAfterWorkingDays: 5 };
const NOW = utc('2026-05-13T09:00:00Z');
const ctx = (over: Partial<ActionItemContext> = {}): ActionItemContext => ({ by: 'U0ANA', now: NOW, ids, source: 'command', policy: POLICY, ...over });

const { incident } = declare({
  teamId: 'T1',
  number: 3,
  title: 'Logins fail',
  severity: 'sev2',
  private: false,
  timeZone: 'Africa/Nairobi',
  declaredBy: 'U0ANA',
  source: 'command',
  now: NOW,
  ids,
});

function added(over: { owner?: string; due?: string; id?: number } = {}) {
  return addActionItem(incident, { id: over.id ?? 7, text: 'Review schema & <queries>', kind: 'preventive', owner: 'owner' in over ? over.owner : 'U0BO', ownerTimeZone: 'Europe/Stockholm', due: 'due' in over ? over.due : '2026-05-20' }, ctx());
}

describe('adding an action item', () => {
  it('records it open, in the incident zone, owned and dated, with a structured timeline entry', () => {
    const { item, entry } = added();
    expect(item).toMatchObject({ id: 7, teamId: 'T1', incident: 3, state: 'open', owner: 'U0BO', due: '2026-05-20', timeZone: 'Africa/Nairobi', ownerTimeZone: 'Europe/Stockholm', createdBy: 'U0ANA' });
    // 9:00 CEST on the due day.
    expect(new Date(item.remindAt ?? 0).toISOString()).toBe('2026-05-20T07:00:00.000Z');
    expect(entry).toMatchObject({ kind: 'action', author: 'U0ANA', source: 'command', change: { field: 'A7', to: 'open' } });
    expect(entry.text).toBe('Action item A7 added (preventive, owner <@U0BO>, due 2026-05-20): Review schema & <queries>');
  });

  it('leaves an item without owner or date unowned and never reminded', () => {
    const { item, entry } = added({ owner: undefined, due: undefined });
    expect(item.owner).toBeUndefined();
    expect(item.ownerTimeZone).toBeUndefined();
    expect(item.remindAt).toBeUndefined();
    expect(entry.text).toContain('no owner, no due date');
  });
});

describe('changing an action item', () => {
  it('marks it done once; a second time is refused and nothing is left to remind', () => {
    const { item } = added();
    const done = markDone(item, ctx({ by: 'U0BO', source: 'button' }));
    expect(done.item).toMatchObject({ state: 'done', doneAt: NOW });
    expect(done.item.remindAt).toBeUndefined();
    expect(done.entry.change).toEqual({ field: 'A7.state', from: 'open', to: 'done' });
    expect(done.entry.source).toBe('button');
    expect(() => markDone(done.item, ctx())).toThrow(StateError);
  });

  it('cancels an open item but not a done one, and reopens either', () => {
    const { item } = added();
    const cancelled = cancelActionItem(item, ctx());
    expect(cancelled.item.state).toBe('cancelled');
    expect(() => cancelActionItem(cancelled.item, ctx())).toThrow(/already cancelled/);
    expect(() => markDone(cancelled.item, ctx())).toThrow(/was cancelled/);
    const done = markDone(item, ctx()).item;
    expect(() => cancelActionItem(done, ctx())).toThrow(/is done/);
    const reopened = reopenActionItem(done, ctx());
    expect(reopened.item.state).toBe('open');
    expect(reopened.item.doneAt).toBeUndefined();
    expect(reopened.entry.change).toEqual({ field: 'A7.state', from: 'done', to: 'open' });
    expect(() => reopenActionItem(reopened.item, ctx())).toThrow(/already open/);
  });

  it('chases a reopened overdue item again from its due day, so the next reminder comes at once', () => {
    const { item } = added();
    const at = item.remindAt ?? 0;
    const reminded = recordReminder(item, { at, now: at, escalate: false }, POLICY);
    const reopened = reopenActionItem(markDone(reminded, ctx()).item, ctx());
    expect(reopened.item.lastReminder).toBeUndefined();
    expect(reopened.item.remindAt).toBe(at);
  });

  it('gives a new owner their own first reminder and records from whom it moved', () => {
    const { item } = added();
    const reminded = recordReminder(item, { at: item.remindAt ?? 0, now: item.remindAt ?? 0, escalate: false }, POLICY);
    const moved = assignActionItem(reminded, 'U0CY', 'Africa/Lagos', ctx());
    expect(moved.item).toMatchObject({ owner: 'U0CY', ownerTimeZone: 'Africa/Lagos' });
    expect(moved.item.lastReminder).toBeUndefined();
    expect(new Date(moved.item.remindAt ?? 0).toISOString()).toBe('2026-05-20T08:00:00.000Z');
    expect(moved.entry.change).toEqual({ field: 'A7.owner', from: 'U0BO', to: 'U0CY' });
    expect(moved.entry.text).toContain('now owned by <@U0CY> (was <@U0BO>)');
    expect(() => assignActionItem(moved.item, 'U0CY', undefined, ctx())).toThrow(/already owns/);
  });

  it('moves the due date, starting the chase and the escalation over, and can clear it', () => {
    const { item } = added();
    const escalated = { ...item, escalatedAt: NOW, snoozedUntil: NOW + 1 };
    const moved = setActionItemDue(escalated, '2026-06-01', ctx());
    expect(moved.item.due).toBe('2026-06-01');
    expect(moved.item.escalatedAt).toBeUndefined();
    expect(moved.item.snoozedUntil).toBeUndefined();
    expect(moved.entry.change).toEqual({ field: 'A7.due', from: '2026-05-20', to: '2026-06-01' });
    const cleared = setActionItemDue(moved.item, undefined, ctx());
    expect(cleared.item.due).toBeUndefined();
    expect(cleared.item.remindAt).toBeUndefined();
    expect(cleared.entry.change).toEqual({ field: 'A7.due', from: '2026-06-01' });
    expect(() => setActionItemDue(cleared.item, undefined, ctx())).toThrow(/has no due date/);
  });
});

describe('snoozing and reminders', () => {
  it('snoozes from the press, and the same button pressed twice acts once', () => {
    const { item } = added();
    const at = item.remindAt ?? 0;
    const pressAt = at + 60_000;
    const first = snoozeActionItem(item, { reminderAt: at, length: 'day' }, { now: pressAt, policy: POLICY });
    expect(first.changed).toBe(true);
    expect(first.item.snoozedUntil).toBe(pressAt + 86_400_000);
    expect(first.item.remindAt).toBe(pressAt + 86_400_000);
    const second = snoozeActionItem(first.item, { reminderAt: at, length: 'day' }, { now: pressAt + 5, policy: POLICY });
    expect(second.changed).toBe(false);
    expect(second.item).toBe(first.item);
    const week = snoozeActionItem(first.item, { reminderAt: at, length: 'week' }, { now: pressAt + 5, policy: POLICY });
    expect(week.item.snoozedUntil).toBe(pressAt + 5 + 7 * 86_400_000);
  });

  it('refuses to snooze a finished item', () => {
    const done = markDone(added().item, ctx()).item;
    expect(() => snoozeActionItem(done, { reminderAt: 1, length: 'day' }, { now: NOW, policy: POLICY })).toThrow(/already done/);
  });

  it('records a reminder with its instant and arms the next working day', () => {
    const { item } = added();
    const at = item.remindAt ?? 0;
    const next = recordReminder({ ...item, snoozedUntil: at - 1 }, { at, now: at + 500, escalate: true }, POLICY);
    expect(next.lastReminder).toEqual({ at, sentAt: at + 500, escalated: true });
    expect(next.escalatedAt).toBe(at + 500);
    expect(next.snoozedUntil).toBeUndefined();
    expect(new Date(next.remindAt ?? 0).toISOString()).toBe('2026-05-21T07:00:00.000Z');
  });
});

describe('digest grouping', () => {
  it('groups open items per owner, overdue first, and leaves out unowned and finished ones', () => {
    const a = added({ id: 1, due: '2026-06-01' }).item;
    const b = added({ id: 2, due: '2026-05-14' }).item;
    const c = added({ id: 3, due: undefined }).item;
    const d = { ...added({ id: 4, owner: 'U0CY' }).item, ownerTimeZone: 'Africa/Lagos' };
    const e = added({ id: 5, owner: undefined }).item;
    const f = markDone(added({ id: 6 }).item, ctx()).item;
    const groups = digestGroups([a, b, c, d, e, f], POLICY);
    expect([...groups.keys()].sort()).toEqual(['U0BO', 'U0CY']);
    expect(groups.get('U0BO')?.map((i) => i.id)).toEqual([2, 1, 3]);
    expect(groups.get('U0CY')?.map((i) => i.id)).toEqual([4]);
    expect([c, a, b].sort(compareForChasing(POLICY)).map((i) => i.id)).toEqual([2, 1, 3]);
  });
});
