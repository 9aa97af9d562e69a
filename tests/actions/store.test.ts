import type { RedisClient } from '../../src/store/redis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionItem } from '../../src/domain/action-item.js';
import { addActionItem, assignActionItem, markDone, type ActionItemContext } from '../../src/domain/action-item-rules.js';
import { dueInstant, NO_DUE_SCORE, type ReminderPolicy } from '../../src/domain/action-item-schedule.js';
import { StateError } from '../../src/domain/errors.js';
import { declare } from '../../src/domain/lifecycle.js';
import { createActionItemStore } from '../../src/store/action-items.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { keys } from '../../src/store/keys.js';
import { testRedis } from '../support/harness.js';
import { ids } from '../support/entry-ids.js';

const POLICY: ReminderPolicy = { hour: 9, workingDays: [1, 2, 3, 4, 5], escalateAfterWorkingDays: 5 };
const NOW = Date.parse('2026-05-13T09:00:00Z');
const ctx: ActionItemContext = { by: 'U0ANA', now: NOW, ids, source: 'command', policy: POLICY };

let redis: RedisClient;
let teamCounter = 0;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

async function setup() {
  const team = `TACT${process.pid}X${++teamCounter}`;
  const incidents = createIncidentStore(redis);
  const actions = createActionItemStore(redis);
  const { incident, entries } = declare({ teamId: team, number: 3, title: 'Logins fail', severity: 'sev2', private: false, timeZone: 'Africa/Nairobi', declaredBy: 'U0ANA', source: 'command', now: NOW, ids });
  expect((await incidents.save(0, { incident, add: entries })).ok).toBe(true);
  async function add(input: { owner?: string; due?: string; text?: string } = {}): Promise<ActionItem> {
    const id = await actions.nextId(team);
    const res = await actions.change(incidents, team, 3, id, (inc) => {
      const out = addActionItem(inc, { id, text: input.text ?? `item ${id}`, kind: 'corrective', owner: input.owner, ownerTimeZone: input.owner ? 'Europe/Stockholm' : undefined, due: input.due }, ctx);
      return { item: out.item, entries: [out.entry], result: out.item };
    }, POLICY, { isNew: true });
    expect(res.changed).toBe(true);
    return res.result;
  }
  return { team, incidents, actions, add };
}

describe('the action item store', () => {
  it('keeps every action key of a workspace on the workspace slot', () => {
    const tag = (k: string) => /^\{([^}]+)\}/.exec(k)?.[1];
    const all = [keys.actionItems('T9'), keys.incidentActions('T9', 1), keys.incidentOpenActions('T9', 1), keys.ownerActions('T9', 'U1'), keys.actionOwners('T9'), keys.ownerZones('T9'), keys.actionsDue('T9'), keys.actionSent('T9', 1, 2)];
    expect(new Set(all.map(tag))).toEqual(new Set(['wr:T9']));
  });

  it('writes a new item, its indexes and its timeline entry in one commit', async () => {
    const { team, incidents, actions, add } = await setup();
    const before = (await incidents.load(team, 3))?.version ?? -1;
    const item = await add({ owner: 'U0BO', due: '2026-05-20' });
    expect((await incidents.load(team, 3))?.version).toBe(before + 1);
    expect(await actions.get(team, item.id)).toEqual(item);
    expect(await actions.listForIncident(team, 3)).toEqual([item]);
    expect(await actions.countOpenForIncident(team, 3)).toBe(1);
    expect((await actions.openForOwner(team, 'U0BO')).map((i) => i.id)).toEqual([item.id]);
    expect(await actions.owners(team)).toEqual(['U0BO']);
    expect(await actions.ownerZones(team, ['U0BO', 'U0CY'])).toEqual(['Europe/Stockholm', undefined]);
    expect(Number(await redis.zscore(keys.actionsDue(team), String(item.id)))).toBe(dueInstant(item, POLICY));
    const timeline = await incidents.timelineAll(team, 3);
    expect(timeline.filter((e) => e.kind === 'action').map((e) => e.change)).toEqual([{ field: `A${item.id}`, to: 'open' }]);
  });

  it('finds what is due by a given instant from the index, most overdue first, without undated items', async () => {
    const { team, actions, add } = await setup();
    const later = await add({ owner: 'U0BO', due: '2026-05-20' });
    const sooner = await add({ owner: 'U0CY', due: '2026-05-14' });
    const undated = await add({ owner: 'U0BO' });
    await add({ due: '2026-06-30' });
    expect(Number(await redis.zscore(keys.actionsDue(team), String(undated.id)))).toBe(NO_DUE_SCORE);
    expect(await actions.dueIds(team, Date.parse('2026-05-21T00:00:00Z'))).toEqual([sooner.id, later.id]);
    expect(await actions.dueIds(team, Date.parse('2026-05-21T00:00:00Z'), 1)).toEqual([sooner.id]);
    expect((await actions.openPage(team, 0, 10)).map((i) => i.id).slice(-1)).toEqual([undated.id]);
    expect(await actions.openCount(team)).toBe(4);
  });

  it('takes a finished item out of every open index but keeps it on the incident', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO', due: '2026-05-20' });
    const res = await actions.change(incidents, team, 3, item.id, (_inc, current) => {
      const out = markDone(current!, ctx);
      return { item: out.item, entries: [out.entry], result: out.item };
    }, POLICY);
    expect(res.changed).toBe(true);
    expect(await actions.countOpenForIncident(team, 3)).toBe(0);
    expect(await actions.countForIncident(team, 3)).toBe(1);
    expect(await actions.openForOwner(team, 'U0BO')).toEqual([]);
    expect(await redis.zscore(keys.actionsDue(team), String(item.id))).toBeNull();
    expect((await actions.listForIncident(team, 3))[0]?.state).toBe('done');
  });

  it('lets concurrent changes all land, and the indexes end up matching the final owner', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO', due: '2026-05-20' });
    const owners = ['U01', 'U02', 'U03', 'U04', 'U05', 'U06', 'U07', 'U08'];
    await Promise.all(owners.map((owner) =>
      actions.change(incidents, team, 3, item.id, (_inc, current) => {
        const out = assignActionItem(current!, owner, undefined, ctx);
        return { item: out.item, entries: [out.entry], result: out.item };
      }, POLICY),
    ));
    const final = await actions.get(team, item.id);
    const holders = await Promise.all(['U0BO', ...owners].map(async (o) => ((await actions.openForOwner(team, o)).length ? o : undefined)));
    expect(holders.filter(Boolean)).toEqual([final?.owner]);
    const ownerChanges = (await incidents.timelineAll(team, 3)).filter((e) => e.change?.field === `A${item.id}.owner`);
    expect(ownerChanges).toHaveLength(owners.length);
  });

  it('acts once when the same item is marked done twice at the same moment', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO', due: '2026-05-20' });
    const results = await Promise.all([1, 2, 3].map(() =>
      actions.change(incidents, team, 3, item.id, (_inc, current) => {
        if (current?.state === 'done') return { result: 'already' };
        const out = markDone(current!, ctx);
        return { item: out.item, entries: [out.entry], result: 'done' };
      }, POLICY),
    ));
    expect(results.map((r) => r.result).sort()).toEqual(['already', 'already', 'done']);
    expect((await incidents.timelineAll(team, 3)).filter((e) => e.change?.field === `A${item.id}.state`)).toHaveLength(1);
  });

  it('saves nothing when a rule refuses', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO' });
    const version = (await incidents.load(team, 3))?.version;
    await expect(actions.change(incidents, team, 3, item.id, () => {
      throw new StateError('no');
    }, POLICY)).rejects.toThrow(StateError);
    expect((await incidents.load(team, 3))?.version).toBe(version);
    expect(await actions.get(team, item.id)).toEqual(item);
  });

  it('never overwrites an existing item with a new one of the same id', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO' });
    const res = await actions.change(incidents, team, 3, item.id, (inc) => {
      const out = addActionItem(inc, { id: item.id, text: 'impostor', kind: 'corrective' }, ctx);
      return { item: out.item, entries: [out.entry], result: out.item };
    }, POLICY, { isNew: true });
    expect(res.changed).toBe(false);
    expect((await actions.get(team, item.id))?.text).toBe(item.text);
  });

  it('takes an owner off the digest list only once they own nothing open', async () => {
    const { team, incidents, actions, add } = await setup();
    const item = await add({ owner: 'U0BO' });
    expect(await actions.pruneOwner(team, 'U0BO')).toBe(false);
    await actions.change(incidents, team, 3, item.id, (_inc, current) => {
      const out = markDone(current!, ctx);
      return { item: out.item, entries: [out.entry], result: undefined };
    }, POLICY);
    expect(await actions.owners(team)).toEqual(['U0BO']);
    expect(await actions.pruneOwner(team, 'U0BO')).toBe(true);
    expect(await actions.owners(team)).toEqual([]);
  });
});
