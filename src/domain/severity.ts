import { z } from 'zod';

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/**
 * `sev2`, `SEV2` and `Sev-2` mean SEV2. Shorter forms (`s2`, `p2`) are refused on purpose:
 * a title like "S3 bucket public" must not silently become a SEV3.
 */
export function parseSeverity(word: string): Severity | undefined {
  const m = /^sev[-_]?([1-4])$/i.exec(word.trim());
  return m ? (`sev${m[1]}` as Severity) : undefined;
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** Lower rank is more severe; used to say "raised" or "lowered". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}
