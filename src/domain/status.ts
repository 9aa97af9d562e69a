import { z } from 'zod';

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

/** What `/incident status` accepts; `closed` has its own command because it drafts the postmortem. */
export const SETTABLE_STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export const SettableStatus = z.enum(SETTABLE_STATUSES);
export type SettableStatus = z.infer<typeof SettableStatus>;

export function isActive(status: Status): boolean {
  return status === 'investigating' || status === 'identified' || status === 'monitoring';
}

export function statusLabel(status: Status): string {
  return status.charAt(0).toUpperCase() + status.slice(1);
}

export const STATUS_EMOJI: Record<Status, string> = {
  investigating: ':mag:',
  identified: ':bulb:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
  closed: ':lock:',
};
