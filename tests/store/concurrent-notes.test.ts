import type { RedisClient } from '../../src/store/redis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declare } from '../../src/domain/lifecycle.js';
import { addNote } from '../../src/domain/notes.js';
import { createIncidentStore } from '../../src/store/incidents.js';
import { testRedis } from '../support/harness.js';
import { ids } from '../support/entry-ids.js';

let redis: RedisClient;
const team = `TBURST${process.pid}`;
beforeAll(() => {
  redis = testRedis();
});
afterAll(async () => {
  await redis.quit();
});

describe('a burst of notes on one incident', () => {
  it('saves every one of 60 notes sent at the same moment, none refused as "changed by many people at once"', async () => {
    const store = createIncidentStore(redis);
    const { incident, entries } = declare({ teamId: team, number: 1, title: 'checkout down', severity: 'sev2', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000, ids });
    expect((await store.save(0, { incident, add: entries })).ok).toBe(true);

    const outcomes = await Promise.allSettled(
      Array.from({ length: 60 }, (_, i) =>
        store.mutate(team, 1, ({ incident: current }) => {
          const r = addNote(current, { text: `note ${i}`, at: 2_000 + i, by: `U${i % 5}`, source: 'command', now: 2_000 + i, ids });
          return { change: { incident: r.incident, add: [r.entry] }, result: r.entry.id };
        }),
      ),
    );

    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(await store.timelineCount(team, 1)).toBe(61);
    const saved = await store.load(team, 1);
    // Only the notes that brought a new participant (U0, U2, U3, U4; U1 declared) changed the
    // incident, a version each; the other 56 only added entries, which conflict with nothing.
    expect(saved?.version).toBe(5);
    expect(new Set(saved?.incident.participants)).toEqual(new Set(['U1', 'U0', 'U2', 'U3', 'U4']));
  });

  it('a note written from an old copy of the incident, after another process changed it, lands on the newest version without undoing that change', async () => {
    const web1 = createIncidentStore(redis);
    const web2 = createIncidentStore(redis);
    const { incident, entries } = declare({ teamId: team, number: 2, title: 'search slow', severity: 'sev3', private: false, timeZone: 'UTC', declaredBy: 'U1', source: 'command', now: 1_000, ids });
    expect((await web1.save(0, { incident, add: entries })).ok).toBe(true);
    const seenByWeb1 = await web1.loadRecent(team, 2);
    await web2.mutate(team, 2, ({ incident: current }) => ({ change: { incident: { ...current, severity: 'sev1' } }, result: undefined }));
    expect((await web1.loadRecent(team, 2))?.version).toBe(seenByWeb1?.version);

    const { incident: after } = await web1.mutate(
      team,
      2,
      ({ incident: current }) => {
        const r = addNote(current, { text: 'from the old copy', at: 3_000, by: 'U7', source: 'command', now: 3_000, ids });
        return { change: { incident: r.incident, add: [r.entry] }, result: undefined };
      },
      20,
      seenByWeb1,
    );
    expect(after.severity).toBe('sev1');
    const stored = await web2.load(team, 2);
    expect(stored?.incident.severity).toBe('sev1');
    expect(stored?.incident.participants).toContain('U7');
    expect((await web2.timelineAll(team, 2)).map((e) => e.text)).toContain('from the old copy');

    // The same for a note that changes nothing on the incident (its author is already in it).
    const old = await web1.loadRecent(team, 2);
    await web2.mutate(team, 2, ({ incident: current }) => ({ change: { incident: { ...current, severity: 'sev2' } }, result: undefined }));
    await web1.mutate(
      team,
      2,
      ({ incident: current }) => {
        const r = addNote(current, { text: 'again from an old copy', at: 4_000, by: 'U1', source: 'command', now: 4_000, ids });
        return { change: { incident: r.incident, add: [r.entry] }, result: undefined };
      },
      20,
      old,
    );
    expect((await web2.load(team, 2))?.incident.severity).toBe('sev2');
    expect((await web2.timelineAll(team, 2)).map((e) => e.text)).toContain('again from an old copy');
  });
});
