import { z } from 'zod';

export const TargetConfig = z.object({
  redisUrl: z.string(),
  apiUrl: z.string(),
  token: z.string(),
  signingSecret: z.string(),
  timeZone: z.string(),
});
export type TargetConfig = z.infer<typeof TargetConfig>;

export const ToTarget = z.discriminatedUnion('type', [
  z.object({ type: z.literal('usage'), id: z.number(), resetLoopDelay: z.boolean() }),
  z.object({ type: z.literal('stop') }),
]);
export type ToTarget = z.infer<typeof ToTarget>;

export const Ports = z.object({ bare: z.number(), baseline: z.number(), warroom: z.number() });
export type Ports = z.infer<typeof Ports>;

export const Usage = z.object({
  type: z.literal('usage'),
  id: z.number(),
  cpuUserUs: z.number(),
  cpuSystemUs: z.number(),
  rssBytes: z.number(),
  heapUsedBytes: z.number(),
  /** Event-loop delay since the last reset, ms. */
  loopDelayP99Ms: z.number(),
  loopDelayMaxMs: z.number(),
});
export type Usage = z.infer<typeof Usage>;

export const ToParent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), ports: Ports }),
  z.object({ type: z.literal('failed'), message: z.string() }),
  Usage,
]);
export type ToParent = z.infer<typeof ToParent>;
