import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/lifecycle.js';
import { addNote } from '../../src/domain/notes.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { testRedisUrl } from '../support/harness.js';

let redis: Redis;
const team = `TBURST${process.pid}`;
beforeAll(() => {
  redis = new Redis(testRedisUrl());
});
afterAll(async () => {
  await redis.quit();
});

describe('a burst of notes on one incident', () => {
  it('saves every one of 60 notes sent at the same moment, none refused as "changed by many people at once"', async () => {
    const store = createIncidentStore(redis);
    const { incident, entries } = declare({ teamId: team, number: 1, title: 'checkout down', severity: 'sev2', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000 });
    expect((await store.save(0, { incident, add: entries })).ok).toBe(true);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        store.mutate(team, 1, ({ incident: current }) => {
          const r = addNote(current, { text: `note ${i}`, at: 2_000 + i, by: `U${i % 5}`, source: 'command', now: 2_000 + i });
          return { change: { incident: r.incident, add: [r.entry] }, result: r.entry.id };
        }),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.timelineCount(team, 1)).toBe(61);
    const saved = await store.load(team, 1);
    // Every write built on the one before it: 60 versions on top of the declare, every author a participant.
    expect(saved?.version).toBe(61);
    expect(new Set(saved?.incident.participants)).toEqual(new Set(['U1', 'U0', 'U2', 'U3', 'U4']));
  });
});
