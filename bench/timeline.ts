import type { Redis } from 'ioredis';
import { addNote } from '../src/domain/notes.js';
import type { TimelineEntry } from '../src/domain/timeline.js';
import type { IncidentStore } from '../src/store/incidents.js';
import { usedMemory } from './redis-memory.js';
import { sequentialCommands } from './sequential.js';
import type { Sink } from './sink.js';
import { noteText, type SlashTarget } from './slash.js';
import { round, summarise } from './stats.js';
import { ids } from '../tests/support/entry-ids.js';

/**
 * Part 2: one incident's timeline grows to 100,000 entries. Most entries are written straight
 * through the store (`mutate` + `addNote`, in batches) so the run stays short; at each size
 * the write is measured through the full path (signed request → ack → saved reply) and the
 * store alone, and `/incident timeline` (first page) is timed the same way.
 */
export interface TimelineBenchOptions {
  sizes: number[];
  writeSamples: number;
  readSamples: number;
  batch: number;
}

interface Ctx {
  redis: Redis;
  store: IncidentStore;
  sink: Sink;
  /** warroom's /slack/events. */
  url: string;
  slash: SlashTarget;
  team: string;
  number: number;
  log: (line: string) => void;
}

/** Bytes of entry JSON written by the fill, to split Redis's bytes per entry into payload and overhead. */
const written = { entries: 0, jsonBytes: 0 };

async function fillTo(ctx: Ctx, size: number, batch: number, user: string): Promise<number> {
  let count = await ctx.store.timelineCount(ctx.team, ctx.number);
  let seq = count;
  while (count < size) {
    const k = Math.min(batch, size - count);
    await ctx.store.mutate(ctx.team, ctx.number, ({ incident }) => {
      const add: TimelineEntry[] = [];
      let next = incident;
      const now = Date.now();
      for (let i = 0; i < k; i++) {
        const r = addNote(next, { text: noteText(seq++).slice('note '.length), at: now, ids, by: user, source: 'command', now });
        next = r.incident;
        add.push(r.entry);
        written.entries++;
        written.jsonBytes += Buffer.byteLength(JSON.stringify(r.entry));
      }
      return { change: { incident: next, add }, result: undefined };
    });
    count = await ctx.store.timelineCount(ctx.team, ctx.number);
  }
  return count;
}

async function storeWrite(ctx: Ctx, samples: number, user: string): Promise<number[]> {
  const ms: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await ctx.store.mutate(ctx.team, ctx.number, ({ incident }) => {
      const now = Date.now();
      const r = addNote(incident, { text: `store-only write #${i}`, at: now, ids, by: user, source: 'command', now });
      return { change: { incident: r.incident, add: [r.entry] }, result: undefined };
    });
    ms.push(performance.now() - t0);
  }
  return ms;
}

export async function benchTimeline(ctx: Ctx, o: TimelineBenchOptions): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const memAt: { entries: number; bytes: number }[] = [];
  for (const size of o.sizes) {
    const t0 = performance.now();
    const count = await fillTo(ctx, size, o.batch, ctx.slash.userId);
    ctx.log(`  timeline at ${count} entries (filled in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    memAt.push({ entries: count, bytes: await usedMemory(ctx.redis) });
    const write = await sequentialCommands(
      { url: ctx.url, sink: ctx.sink, slash: ctx.slash, phase: `tl-write-${size}`, ok: (t) => t.startsWith(':memo: Saved') },
      Array.from({ length: o.writeSamples }, (_, i) => noteText(size + i)),
    );
    const store = summarise(await storeWrite(ctx, o.writeSamples, ctx.slash.userId));
    const read = await sequentialCommands(
      { url: ctx.url, sink: ctx.sink, slash: ctx.slash, phase: `tl-read-${size}`, ok: (t) => t.startsWith('*Timeline of') },
      Array.from({ length: o.readSamples }, () => 'timeline'),
    );
    if (write.wrong || read.wrong) throw new Error(`timeline bench: unexpected reply: ${write.wrongSample ?? read.wrongSample ?? ''}`);
    out[`at_${size}_write_ack_p50_ms`] = round(write.ack.p50);
    out[`at_${size}_write_confirmation_p50_ms`] = round(write.confirmation.p50);
    out[`at_${size}_write_confirmation_p99_ms`] = round(write.confirmation.p99);
    out[`at_${size}_store_write_p50_ms`] = round(store.p50);
    out[`at_${size}_store_write_p99_ms`] = round(store.p99);
    out[`at_${size}_first_page_p50_ms`] = round(read.confirmation.p50);
    out[`at_${size}_first_page_p99_ms`] = round(read.confirmation.p99);
  }
  const first = o.sizes[0];
  const last = o.sizes[o.sizes.length - 1];
  const growth = (figure: string): number => round((out[`at_${last}_${figure}`] ?? Number.NaN) / (out[`at_${first}_${figure}`] ?? Number.NaN));
  if (first !== last) {
    out.write_growth_ratio = growth('write_confirmation_p50_ms');
    out.store_write_growth_ratio = growth('store_write_p50_ms');
    out.first_page_growth_ratio = growth('first_page_p50_ms');
  }
  const a = memAt[0];
  const b = memAt[memAt.length - 1];
  if (a && b && b.entries > a.entries) {
    out.redis_bytes_per_entry = Math.round((b.bytes - a.bytes) / (b.entries - a.entries));
    // The entry's own JSON versus what Redis adds around it (hash field, sorted-set member, allocator rounding).
    out.entry_json_bytes_mean = Math.round(written.jsonBytes / Math.max(1, written.entries));
    out.redis_overhead_bytes_per_entry = out.redis_bytes_per_entry - out.entry_json_bytes_mean;
  }
  out.entries = await ctx.store.timelineCount(ctx.team, ctx.number);
  return out;
}
