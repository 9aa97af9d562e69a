import { describe, expect, it } from 'vitest';
import { channelName, MAX_CHANNEL_NAME } from '../../src/domain/channel-name.js';

const SLACK_RULE = /^[a-z0-9_-]{1,80}$/;

describe('incident channel names', () => {
  it('are inc-<n>-<slug of the title>', () => {
    expect(channelName(12, 'Authentication failing for NEW customers!')).toBe('inc-12-authentication-failing-for-new-customers');
  });

  it('fold accents and drop punctuation', () => {
    expect(channelName(3, 'Élan API: 502s on /login — ça va?')).toBe('inc-3-elan-api-502s-on-login-ca-va');
  });

  it('still give a valid name for titles with no Latin letters', () => {
    expect(channelName(4, '認証が失敗しています')).toBe('inc-4');
    expect(channelName(5, 'Платежи не проходят')).toMatch(SLACK_RULE);
  });

  it('are cut at a word boundary to fit 80 characters, suffix included', () => {
    const title = 'database connection pool exhausted after configuration change rolled out to every region at once';
    const name = channelName(1234, title, 3);
    expect(name.length).toBeLessThanOrEqual(MAX_CHANNEL_NAME);
    expect(name).toMatch(SLACK_RULE);
    expect(name.endsWith('-3')).toBe(true);
    expect(name).toBe('inc-1234-database-connection-pool-exhausted-after-configuration-change-rolled-3');
  });

  it('add -2, -3 … when a name is taken', () => {
    expect(channelName(7, 'db down', 1)).toBe('inc-7-db-down');
    expect(channelName(7, 'db down', 2)).toBe('inc-7-db-down-2');
  });
});
