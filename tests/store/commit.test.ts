import type { RedisClient } from '../../src/store/redis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/lifecycle.js';
import { addNote } from '../../src/domain/notes.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { keys } from '../../src/store/keys.js';
import { testRedis } from '../support/harness.js';
import { ids } from '../support/entry-ids.js';

let redis: RedisClient;
const team = `TSTORE${process.pid}`;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

async function seed(n: number) {
  const store = createIncidentStore(redis);
  const { incident, entries } = declare({ teamId: team, number: n, title: 'db down', severity: 'sev2', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000, ids });
  const saved = await store.save(0, { incident, add: entries });
  expect(saved.ok).toBe(true);
  return store;
}

describe('the incident store', () => {
  it('keeps every key of a workspace on one Redis Cluster slot', () => {
    const tag = (k: string) => /\{([^}]+)\}/.exec(k)?.[1];
    const all = [keys.incident(team, 1), keys.timeline(team, 1), keys.timelineOrder(team, 1), keys.openIncidents(team), keys.channels(team), keys.incidentSeq(team)];
    expect(new Set(all.map(tag))).toEqual(new Set([`wr:${team}`]));
  });

  it('refuses a write computed from an old version, so nobody overwrites a change they did not see', async () => {
    const store = await seed(1);
    const loaded = await store.load(team, 1);
    const first = await store.save(loaded?.version ?? -1, { incident: { ...loaded!.incident, title: 'first' } });
    const second = await store.save(loaded?.version ?? -1, { incident: { ...loaded!.incident, title: 'second' } });
    expect(first.ok).toBe(true);
    expect(second).toEqual({ ok: false, reason: 'stale' });
    expect((await store.load(team, 1))?.incident.title).toBe('first');
  });

  it('keeps all 25 notes typed at the same moment by different people, in one timeline', async () => {
    const store = await seed(2);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        store.mutate(team, 2, ({ incident }) => {
          const { incident: next, entry } = addNote(incident, { text: `note ${i}`, at: 2_000 + i, by: `UX${i}`, source: 'command', now: 2_000 + i, ids });
          return { change: { incident: next, add: [entry] }, result: undefined };
        }),
      ),
    );
    const timeline = await store.timelineAll(team, 2);
    expect(timeline.filter((e) => e.kind === 'note')).toHaveLength(25);
    expect((await store.load(team, 2))?.incident.participants).toHaveLength(26);
    expect(timeline.map((e) => e.at)).toEqual([...timeline.map((e) => e.at)].sort((a, b) => a - b));
  });

  it('writes nothing at all when a guard trips, so a redelivered 📌 changes nothing', async () => {
    const store = await seed(3);
    const loaded = await store.load(team, 3);
    const { incident, entry } = addNote(loaded!.incident, { text: 'x', at: 5, by: 'U1', source: 'command', now: 5, ids });
    const guard = { absent: { key: keys.timeline(team, 3), field: (await store.timelinePage(team, 3, 0, 1))[0]!.id } };
    const result = await store.save(loaded!.version, { incident: { ...incident, title: 'changed' }, add: [entry], guards: [guard] });
    expect(result).toEqual({ ok: false, reason: 'guard' });
    expect((await store.load(team, 3))?.incident.title).toBe('db down');
    expect(await store.timelineCount(team, 3)).toBe(1);
  });

  it('pages through a long timeline oldest first without loading it whole', async () => {
    const store = await seed(4);
    for (let i = 0; i < 40; i++) {
      await store.mutate(team, 4, ({ incident }) => {
        const { incident: next, entry } = addNote(incident, { text: `n${i}`, at: 10_000 - i * 10, by: 'U1', source: 'command', now: 20_000 + i, ids });
        return { change: { incident: next, add: [entry] }, result: undefined };
      });
    }
    const page = await store.timelinePage(team, 4, 1, 3);
    expect(page.map((e) => e.text)).toEqual(['n39', 'n38', 'n37']);
  });
});
