import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileConfigError, loadFileConfig } from '../../src/config/settings.js';

function write(json: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'warroom-esc-')), 'config.json');
  writeFileSync(path, JSON.stringify(json));
  return path;
}

function mistakes(json: unknown): string[] {
  try {
    loadFileConfig(write(json));
  } catch (err) {
    if (err instanceof FileConfigError) return err.message.split('\n').slice(1);
    throw err;
  }
  return [];
}

describe('escalation policies in WARROOM_CONFIG', () => {
  it('says which target is not a Slack ID and which severity lacks a timeout, one line each', () => {
    const lines = mistakes({
      escalation: { policies: [{ name: 'Platform', levels: [{ name: 'On-call', targets: ['@bob'], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 15 } }] }] },
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/at escalation\.policies\.0\.levels\.0\.targets\.0: must be a Slack user ID \("U0123ABCD"\), a user group ID/);
    expect(lines[1]).toMatch(/at escalation\.policies\.0\.levels\.0\.ackTimeoutMinutes\.sev4: give the minutes to wait for each of sev1, sev2, sev3 and sev4/);
  });

  it('accepts fractional minutes, so a level can time out in hundreds of milliseconds', () => {
    const cfg = loadFileConfig(write({ escalation: { policies: [{ name: 'Fast', levels: [{ name: 'L1', targets: ['U1'], ackTimeoutMinutes: { sev1: 0.005, sev2: 1, sev3: 1, sev4: 1 } }] }] } }));
    expect(cfg.escalation.policies[0]?.levels[0]?.ackTimeoutMinutes.sev1).toBe(0.005);
    expect(cfg.escalation.policies[0]?.repeatLast).toBe(2);
  });

  it('refuses a zero timeout', () => {
    expect(mistakes({ escalation: { policies: [{ name: 'P', levels: [{ name: 'L1', targets: ['U1'], ackTimeoutMinutes: { sev1: 0, sev2: 1, sev3: 1, sev4: 1 } }] }] } })).toEqual([
      expect.stringMatching(/ackTimeoutMinutes\.sev1: must be more than 0 minutes/),
    ]);
  });
});
