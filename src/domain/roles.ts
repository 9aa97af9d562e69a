import { z } from 'zod';

export const ROLES = ['commander', 'comms', 'scribe'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const ROLE_LABEL: Record<Role, string> = {
  commander: 'Incident commander',
  comms: 'Communications lead',
  scribe: 'Scribe',
};

/** Short form used in the channel topic, where every character counts (250 max). */
export const ROLE_SHORT: Record<Role, string> = { commander: 'IC', comms: 'Comms', scribe: 'Scribe' };

export function parseRole(word: string): Role | undefined {
  const w = word.trim().toLowerCase();
  if (w === 'ic' || w === 'lead' || w === 'incident-commander') return 'commander';
  if (w === 'communications' || w === 'comm') return 'comms';
  return Role.safeParse(w).success ? (w as Role) : undefined;
}
