import { UsageError } from './errors.js';
import type { PolicySnapshot } from './escalation-state.js';

export interface PolicyChoice {
  defaultPolicy?: string | undefined;
  policies: readonly PolicySnapshot[];
}

/** Policy names as people type them: case, spaces, dashes and underscores do not matter. */
const normalizeName = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

/**
 * The policy an incident is opened under: the one asked for, else `defaultPolicy`, else the
 * first listed. A copy is kept on the incident so editing the file never rewrites history.
 */
export function choosePolicy(cfg: PolicyChoice, requested?: string): PolicySnapshot | undefined {
  if (requested !== undefined && requested.trim() !== '') {
    const found = cfg.policies.find((p) => normalizeName(p.name) === normalizeName(requested));
    if (!found) {
      const known = cfg.policies.map((p) => `\`${p.name}\``).join(', ');
      throw new UsageError(
        cfg.policies.length === 0
          ? `There is no escalation policy named "${requested}": none are configured (WARROOM_CONFIG).`
          : `There is no escalation policy named "${requested}". Known policies: ${known}.`,
      );
    }
    return structuredClone(found);
  }
  const name = cfg.defaultPolicy;
  const chosen = (name ? cfg.policies.find((p) => p.name === name) : undefined) ?? cfg.policies[0];
  return chosen ? structuredClone(chosen) : undefined;
}

/** Finds a level named at the start of `text` (case and spacing ignored); the longest name wins. */
export function matchLevel(policy: PolicySnapshot | undefined, text: string): { index: number; rest: string } | undefined {
  if (!policy) return undefined;
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let n = words.length; n >= 1; n--) {
    const head = normalizeName(words.slice(0, n).join(' '));
    const index = policy.levels.findIndex((l) => normalizeName(l.name) === head);
    if (index !== -1) return { index, rest: words.slice(n).join(' ') };
  }
  return undefined;
}

