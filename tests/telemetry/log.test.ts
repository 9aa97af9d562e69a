import { describe, expect, it } from 'vitest';
import { createLogger, registerSecret } from '../../src/telemetry/log.js';

function capture(): { raw: string[]; log: ReturnType<typeof createLogger> } {
  const raw: string[] = [];
  const log = createLogger('debug', { service: 'test' }, (l) => raw.push(l));
  return { raw, log };
}

describe('log lines', () => {
  it('are one JSON object per event, carrying the fields of the logger they came from', () => {
    const { raw, log } = capture();
    log.child({ requestId: 'r-1', team: 'T1' }).child({ incident: 7 }).warn('could not pin', { channel: 'C1' });
    expect(raw).toHaveLength(1);
    expect(JSON.parse(raw[0] ?? '')).toMatchObject({ level: 'warn', msg: 'could not pin', service: 'test', requestId: 'r-1', team: 'T1', incident: 7, channel: 'C1' });
  });

  it('never carry a token, the signing secret, a response_url or an Authorization header, wherever they hide', () => {
    const { raw, log } = capture();
    registerSecret('sekrit-signing-secret-42');
    const err = Object.assign(new Error('call with xoxb-1234-abcd failed, secret sekrit-signing-secret-42'), { data: { response_url: 'https://hooks.slack.com/commands/T1/2/abc' } });
    log.error('slack call failed', {
      err,
      headers: { Authorization: 'Bearer xoxb-1234-abcd', 'content-type': 'application/json' },
      body: 'token=verif123&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1&text=hi',
      nested: [{ token: 'xapp-1-A1-zzz', note: 'posted to https://hooks.slack.com/actions/T1/99/xyz' }],
      json: '{"token":"plain-verification","text":"ok"}',
    });
    const line = raw.join('\n');
    for (const secret of ['xoxb-1234-abcd', 'sekrit-signing-secret-42', 'hooks.slack.com/commands', 'hooks.slack.com/actions', 'verif123', 'xapp-1-A1-zzz', 'plain-verification', 'Bearer xoxb']) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({ err: { type: 'Error' }, headers: { 'content-type': 'application/json' } });
  });
});
