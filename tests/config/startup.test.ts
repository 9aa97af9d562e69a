import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../src/config/dotenv.js';
import { ConfigError } from '../../src/config/env.js';
import { loadStartupConfig } from '../../src/config/startup.js';

const dir = () => mkdtempSync(join(tmpdir(), 'wr-env-'));

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadStartupConfig(env, { requireSlack: true });
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('start-up settings: every problem listed at once', () => {
  it('lists a missing SLACK_BOT_TOKEN beside malformed settings and mistakes in the WARROOM_CONFIG file', () => {
    const file = join(dir(), 'warroom.json');
    writeFileSync(file, JSON.stringify({ actionItems: { digestHour: 25 } }));
    const lines = problemsOf({ SLACK_SIGNING_SECRET: 'abcdefgh12', DEFAULT_TIMEZONE: 'Mars/Olympus', PORT: 'eighty', WARROOM_CONFIG: file });
    expect(lines.map((l) => l.split(':')[0]).sort()).toEqual(['DEFAULT_TIMEZONE', 'PORT', 'SLACK_BOT_TOKEN', 'WARROOM_CONFIG']);
    expect(lines.find((l) => l.startsWith('WARROOM_CONFIG'))).toContain('actionItems.digestHour');
  });

  it('starts when everything is right', () => {
    const { config, settings } = loadStartupConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh12' }, { requireSlack: true });
    expect(config.sandbox).toBe(false);
    expect(settings.actionItems.digestHour).toBe(9);
  });
});

describe('.env at start-up', () => {
  it('fills in what the environment does not set; the real environment wins', () => {
    const file = join(dir(), '.env');
    writeFileSync(file, '# copied from .env.example\nSLACK_BOT_TOKEN=xoxb-from-file\nDEFAULT_TIMEZONE="Africa/Nairobi"\nPORT=4000\n');
    const env: NodeJS.ProcessEnv = { PORT: '5000' };
    expect(loadDotEnv(file, env).sort()).toEqual(['DEFAULT_TIMEZONE', 'SLACK_BOT_TOKEN']);
    expect(env).toEqual({ PORT: '5000', SLACK_BOT_TOKEN: 'xoxb-from-file', DEFAULT_TIMEZONE: 'Africa/Nairobi' });
  });

  it('does nothing without a .env file', () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(join(dir(), '.env'), env)).toEqual([]);
    expect(env).toEqual({});
  });
});
