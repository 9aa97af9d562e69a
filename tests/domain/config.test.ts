import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/env.js';
import { FileConfigError, loadFileConfig } from '../../src/config/settings.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

function problems(env: Record<string, string>, requireSlack = true): string[] {
  try {
    loadConfig(env, { requireSlack });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('configuration from the environment', () => {
  it('names each bad value on its own line, with what it should look like', () => {
    const lines = problems({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12', DEFAULT_TIMEZONE: 'Mars/Olympus', PORT: 'eighty', BROADCAST_CHANNEL: '#incidents' });
    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('DEFAULT_TIMEZONE'))).toContain('IANA time zone');
    expect(lines.find((l) => l.startsWith('PORT'))).toContain('port number');
    expect(lines.find((l) => l.startsWith('BROADCAST_CHANNEL'))).toContain('channel ID');
  });

  it('says which Slack credentials are missing for the web and worker processes', () => {
    const lines = problems({});
    expect(lines.some((l) => l.startsWith('SLACK_BOT_TOKEN: required'))).toBe(true);
    expect(lines.some((l) => l.startsWith('SLACK_SIGNING_SECRET: required'))).toBe(true);
  });

  it('runs the sandbox when no token is set, with defaults for everything else', () => {
    const cfg = loadConfig({ BROADCAST_CHANNEL: '' }, { requireSlack: false });
    expect(cfg.sandbox).toBe(true);
    expect(cfg).toMatchObject({ REDIS_URL: 'redis://127.0.0.1:6379', PORT: 3000, DEFAULT_TIMEZONE: 'UTC', DEFAULT_SEVERITY: 'sev3', SLACK_API_URL: 'https://slack.com/api/' });
    expect(cfg.BROADCAST_CHANNEL).toBeUndefined();
  });
});

describe('the WARROOM_CONFIG file', () => {
  const write = (content: unknown) => {
    const file = join(mkdtempSync(join(tmpdir(), 'wr-')), 'warroom.json');
    writeFileSync(file, JSON.stringify(content));
    return file;
  };

  it('reads policies with user and user-group targets', () => {
    const cfg = loadFileConfig(write({ escalation: { defaultPolicy: 'db', policies: [{ name: 'db', levels: [{ name: 'On-call', targets: ['U1', 'S2'], ackTimeoutMinutes: { sev1: 5, sev2: 10, sev3: 30, sev4: 60 } }] }] } }));
    expect(cfg.escalation.policies[0]?.levels[0]?.targets).toEqual([{ type: 'user', id: 'U1' }, { type: 'usergroup', id: 'S2' }]);
    expect(cfg.actionItems.digestHour).toBe(9);
  });

  it('points at each mistake by its place in the file', () => {
    const file = write({ escalation: { defaultPolicy: 'nope', policies: [{ name: 'db', levels: [] }] }, actionItems: { digestHour: 25 } });
    expect(() => loadFileConfig(file)).toThrow(FileConfigError);
    try {
      loadFileConfig(file);
    } catch (err) {
      const text = (err as Error).message;
      expect(text).toContain('escalation.policies.0.levels: a policy needs at least one level');
      expect(text).toContain('actionItems.digestHour');
    }
  });
});
