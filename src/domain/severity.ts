import { z } from 'zod';

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** `sev2`, `SEV2`, `Sev-2`, `s2` and `p2` all mean SEV2: responders type what their last company used. */
export function parseSeverity(word: string): Severity | undefined {
  const m = /^(?:sev|s|p)[-_ ]?([1-4])$/i.exec(word.trim());
  return m ? (`sev${m[1]}` as Severity) : undefined;
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** Lower rank is more severe; used to say "raised" or "lowered". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}
