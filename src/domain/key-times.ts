import { z } from 'zod';

/** The moments a postmortem measures; stored as epoch milliseconds (UTC). */
export const KEY_TIMES = ['started', 'detected', 'declared', 'acknowledged', 'identified', 'mitigated', 'resolved', 'closed'] as const;
export const KeyTime = z.enum(KEY_TIMES);
export type KeyTime = z.infer<typeof KeyTime>;

/** The ones `/incident time` may set; declared, acknowledged and closed are facts the bot records itself. */
export const SETTABLE_KEY_TIMES = ['started', 'detected', 'identified', 'mitigated', 'resolved'] as const;
export const SettableKeyTime = z.enum(SETTABLE_KEY_TIMES);
export type SettableKeyTime = z.infer<typeof SettableKeyTime>;

export const KeyTimes = z.partialRecord(KeyTime, z.number().int());
export type KeyTimes = z.infer<typeof KeyTimes>;
