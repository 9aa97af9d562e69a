import type { Redis } from 'ioredis';
import { Incident } from '../src/domain/incident.js';
import { declare } from '../src/domain/lifecycle.js';
import type { IncidentStore } from '../src/store/incidents.js';
import { keys } from '../src/store/keys.js';
import { usedMemory } from './redis-memory.js';
import { sequentialCommands } from './sequential.js';
import type { Sink } from './sink.js';
import type { SlashTarget } from './slash.js';
import { round } from './stats.js';
import { ids } from '../tests/support/entry-ids.js';

/**
 * Part 4: a workspace with 10,000 incidents written through the store as a finished declare
 * leaves them (channel, card, topic, invitations, an escalation policy copy, the channel
 * index and the open set), without their timelines (those are part 2). Memory per incident
 * is the `used_memory` delta over the count; `/incident list` is timed with all of them open
 * (the worst case) and after closing all but a realistic few.
 */
export interface StoreBenchOptions {
  incidents: number;
  /** How many stay open for the realistic `list` figure. */
  openAfter: number;
  listSamples: number;
}

interface Ctx {
  redis: Redis;
  store: IncidentStore;
  sink: Sink;
  url: string;
  /** A channel that is no incident's, in the bench workspace. */
  slash: SlashTarget;
  log: (line: string) => void;
}

function finishedIncident(team: string, number: number, now: number, user: string): Incident {
  const { incident } = declare({
    teamId: team,
    number,
    title: `Checkout returns 502 for ${number % 7 === 0 ? 'EU tenants after the config push' : 'some customers'}`,
    severity: number % 5 === 0 ? 'sev1' : 'sev2',
    impact: 'About 40% of orders fail at payment; retries succeed after a minute.',
    private: false,
    timeZone: 'Africa/Nairobi',
    declaredBy: user,
    source: 'command',
    now,
    ids,
  });
  // Validated, so a schema change elsewhere shows up here and not as a puzzling `list` error.
  return Incident.parse({
    ...incident,
    participants: [user, 'U0BO', 'U0CY'],
    roles: { commander: user, comms: 'U0BO' },
    setup: {
      channelId: `C0S${number.toString(36).toUpperCase().padStart(6, '0')}`,
      channelName: `inc-${number}-checkout-returns-502`,
      invited: [user, 'U0BO'],
      topicSet: true,
      cardTs: `${Math.floor(now / 1000)}.000${number % 1000}`,
      cardPinned: true,
      announcedTs: `${Math.floor(now / 1000)}.001${number % 1000}`,
      complete: true,
    },
    policy: {
      name: 'default',
      levels: [
        { name: 'on-call', targets: [{ type: 'user', id: 'U0BO' }], ackTimeoutMinutes: { sev1: 5, sev2: 15, sev3: 60, sev4: 240 } },
        { name: 'DBAs', targets: [{ type: 'usergroup', id: 'S0DBAS' }], ackTimeoutMinutes: { sev1: 10, sev2: 30, sev3: 120, sev4: 480 } },
      ],
      repeatLast: 2,
    },
  });
}

async function writeIncidents(ctx: Ctx, team: string, count: number, user: string): Promise<number[]> {
  const numbers: number[] = [];
  const chunk = 200;
  for (let done = 0; done < count; done += chunk) {
    const k = Math.min(chunk, count - done);
    const written = await Promise.all(
      Array.from({ length: k }, async () => {
        const n = await ctx.store.nextNumber(team);
        const now = Date.now();
        const incident = finishedIncident(team, n, now, user);
        const saved = await ctx.store.save(0, {
          incident,
          ops: [
            { op: 'zadd', key: keys.openIncidents(team), score: now, member: String(n) },
            { op: 'hset', key: keys.channels(team), field: incident.setup.channelId ?? '', value: String(n) },
          ],
        });
        if (!saved.ok) throw new Error(`could not save INC-${n}`);
        return n;
      }),
    );
    numbers.push(...written);
  }
  return numbers;
}

export async function benchStore(ctx: Ctx, o: StoreBenchOptions): Promise<Record<string, number>> {
  const team = ctx.slash.teamId;
  const before = await usedMemory(ctx.redis);
  const t0 = performance.now();
  const numbers = await writeIncidents(ctx, team, o.incidents, ctx.slash.userId);
  const writeS = (performance.now() - t0) / 1000;
  const after = await usedMemory(ctx.redis);
  ctx.log(`  ${numbers.length} incidents written in ${writeS.toFixed(1)} s`);
  const sample = await ctx.redis.hget(keys.incident(team, numbers[0] ?? 1), 'json');

  const list = (phase: string) =>
    sequentialCommands(
      { url: ctx.url, sink: ctx.sink, slash: ctx.slash, phase, ok: (t) => /open incident/.test(t) },
      Array.from({ length: o.listSamples }, () => 'list'),
    );
  const allOpen = await list('list-all-open');
  const closing = numbers.slice(0, Math.max(0, numbers.length - o.openAfter));
  for (let i = 0; i < closing.length; i += 1000) await ctx.redis.zrem(keys.openIncidents(team), ...closing.slice(i, i + 1000).map(String));
  const fewOpen = await list('list-few-open');
  if (allOpen.wrong || fewOpen.wrong) throw new Error(`store bench: unexpected list reply: ${allOpen.wrongSample ?? fewOpen.wrongSample ?? ''}`);

  return {
    incidents: numbers.length,
    incident_json_bytes: Buffer.byteLength(sample ?? ''),
    redis_bytes_per_incident: Math.round((after - before) / numbers.length),
    write_incidents_per_s: round(numbers.length / writeS, 0),
    [`list_${numbers.length}_open_p50_ms`]: round(allOpen.confirmation.p50),
    [`list_${numbers.length}_open_p99_ms`]: round(allOpen.confirmation.p99),
    [`list_${o.openAfter}_open_p50_ms`]: round(fewOpen.confirmation.p50),
    [`list_${o.openAfter}_open_p99_ms`]: round(fewOpen.confirmation.p99),
  };
}
