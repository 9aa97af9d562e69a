import { UsageError } from './errors.js';
import type { Incident } from './incident.js';
import type { KeyTime, KeyTimes } from './key-times.js';
import { statusLabel, type Status } from './status.js';
import { formatClock, formatDayTime, localDate } from './time-format.js';

/**
 * The order a postmortem measures in: impact started ≤ detected ≤ identified ≤ mitigated ≤ resolved.
 * Declared is left out on purpose: a team may record an old incident after the fact, so the
 * declare time may come after every other one.
 */
export const ORDERED_KEY_TIMES = ['started', 'detected', 'identified', 'mitigated', 'resolved'] as const satisfies readonly KeyTime[];
type Ordered = (typeof ORDERED_KEY_TIMES)[number];

const LABEL: Record<Ordered, string> = {
  started: 'Impact started',
  detected: 'Detected',
  identified: 'Cause identified',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
};

const ORDER_TEXT = 'impact started ≤ detected ≤ identified ≤ mitigated ≤ resolved';

/** The two times in a refusal, with the day only when they are on different days. */
function pair(a: number, b: number, zone: string): [string, string] {
  const sameDay = localDate(a, zone) === localDate(b, zone);
  const show = sameDay ? formatClock : formatDayTime;
  return [show(a, zone), show(b, zone)];
}

function isOrdered(key: KeyTime): key is Ordered {
  return (ORDERED_KEY_TIMES as readonly string[]).includes(key);
}

/** Refuses a key time that would break the order, naming the entry it conflicts with and how to correct that one. */
export function checkKeyTimeOrder(keyTimes: KeyTimes, key: KeyTime, at: number, zone: string): void {
  if (!isOrdered(key)) return;
  const index = ORDERED_KEY_TIMES.indexOf(key);
  for (const [i, other] of ORDERED_KEY_TIMES.entries()) {
    const otherAt = keyTimes[other];
    if (other === key || otherAt === undefined) continue;
    const conflict = i < index ? otherAt > at : otherAt < at;
    if (!conflict) continue;
    const [mine, theirs] = pair(at, otherAt, zone);
    const relation = i < index ? 'before' : 'after';
    throw new UsageError(
      `${LABEL[key]} at ${mine} would be ${relation} ${LABEL[other].toLowerCase()} (${theirs}); the order is ${ORDER_TEXT}. ` +
        `Give a time ${i < index ? 'at or after' : 'at or before'} ${theirs}, or correct the other one with \`/incident time ${other} <time>\`.`,
    );
  }
}

/** Each status change is no earlier than the one before it (the declare time excepted, see above). */
export function checkStatusOrder(incident: Pick<Incident, 'status' | 'statusAt' | 'timeZone'>, to: Status, at: number, keyOfStatus?: KeyTime): void {
  const previous = incident.statusAt;
  if (previous === undefined || at >= previous) return;
  const [mine, theirs] = pair(at, previous, incident.timeZone);
  const fix = keyOfStatus ? `, or if ${statusLabel(incident.status)} was earlier, correct it with \`/incident time ${keyOfStatus} <time>\`` : ', or leave the time out to use now';
  throw new UsageError(
    `${statusLabel(to)} at ${mine} would be before the last status change, to ${statusLabel(incident.status)} at ${theirs}; ` +
      `each status change comes after the one before. Give a time at or after ${theirs}${fix}.`,
  );
}
