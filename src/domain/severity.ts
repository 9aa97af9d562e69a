import { z } from 'zod';

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export const Severity = z.enum(SEVERITIES);
export type Severity = z.infer<typeof Severity>;

/** Said in help and in every refusal, so people know which spellings work. */
export const SEVERITY_SPELLINGS = '`SEV1`…`SEV4`, also written `sev-1`, `S1` or `P1`';

/**
 * `sev2`, `SEV2`, `Sev-2`, `S2` and `P2` mean SEV2. The short forms are read only where a
 * severity is expected first (a title ending in "S3" is about the bucket, not a severity).
 */
export function parseSeverity(word: string, opts: { shortForms?: boolean } = {}): Severity | undefined {
  const w = word.trim();
  const m = /^sev[-_]?([1-4])$/i.exec(w) ?? (opts.shortForms === false ? null : /^[sp]([1-4])$/i.exec(w));
  return m ? (`sev${m[1]}` as Severity) : undefined;
}

/** `sev0`, `SEV-9`, `P0`: someone meant a severity, but not one we have; refuse rather than read it as text. */
export function looksLikeSeverity(word: string): boolean {
  return /^(?:sev[-_]?\d+|[sp]\d)$/i.test(word.trim());
}

export function notASeverity(word: string): string {
  return `\`${word}\` is not a severity. Use one of ${SEVERITY_SPELLINGS}.`;
}

export function severityLabel(severity: Severity): string {
  return severity.toUpperCase();
}

/** Lower rank is more severe; used to say "raised" or "lowered". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity) + 1;
}
