import { describe, expect, it } from 'vitest';
import { parseAddText, parseIdArg } from '../../commands/action/parse.js';
import { UsageError } from '../../src/domain/errors.js';

const utc = (iso: string): number => Date.parse(iso);
/** 12:00 EAT on Wednesday, May 13 2026. */
const NAIROBI_WEDNESDAY = { zone: 'Africa/Nairobi', now: utc('2026-05-13T09:00:00Z') };

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('action add: owner, due date and kind around the text', () => {
  it('reads owner, due date and kind after the text', () => {
    expect(parseAddText('Alert on DB connection errors <@U0BO> due friday preventive', NAIROBI_WEDNESDAY)).toEqual({
      text: 'Alert on DB connection errors',
      owner: 'U0BO',
      due: '2026-05-15',
      kind: 'preventive',
    });
  });

  it('takes the options in any order and any case', () => {
    expect(parseAddText('Review schema and queries CORRECTIVE due 2027-05-20 <@U0CY>', NAIROBI_WEDNESDAY)).toEqual({
      text: 'Review schema and queries',
      owner: 'U0CY',
      due: '2027-05-20',
      kind: 'corrective',
    });
  });

  it('defaults to a corrective, unowned, undated item', () => {
    expect(parseAddText('Test configuration changes before rollout', NAIROBI_WEDNESDAY)).toEqual({ text: 'Test configuration changes before rollout', kind: 'corrective' });
  });

  it('keeps a mention inside the text as text, not as the owner', () => {
    expect(parseAddText('Ask <@U0CY> to review the config process due next monday', NAIROBI_WEDNESDAY)).toEqual({
      text: 'Ask <@U0CY> to review the config process',
      due: '2026-05-18',
      kind: 'corrective',
    });
  });

  it('keeps "due" that is not followed by a date as a word of the text', () => {
    expect(parseAddText('Do due diligence on the DB vendor', NAIROBI_WEDNESDAY).text).toBe('Do due diligence on the DB vendor');
    expect(parseAddText('Outage was due to a config change: add review', NAIROBI_WEDNESDAY).text).toBe('Outage was due to a config change: add review');
  });
});

describe('action add: due dates in the incident zone', () => {
  // 22:30Z on Wednesday, May 13 2026: already Thursday in Nairobi, still Wednesday in Los Angeles, Thursday morning in Auckland.
  const late = utc('2026-05-13T22:30:00Z');
  it.each([
    ['Africa/Nairobi', '2026-05-15'],
    ['America/Los_Angeles', '2026-05-14'],
    ['Pacific/Auckland', '2026-05-15'],
  ])('reads "tomorrow" in %s', (zone, expected) => {
    expect(parseAddText('Fix alerting due tomorrow', { zone, now: late }).due).toBe(expected);
  });

  it.each([
    ['in 3 days', '2026-01-31T09:00:00Z', '2026-02-03'],
    ['tomorrow', '2027-02-28T09:00:00Z', '2027-03-01'],
    ['tomorrow', '2028-02-28T09:00:00Z', '2028-02-29'],
    ['friday', '2026-12-30T09:00:00Z', '2027-01-01'],
  ])('crosses month and year ends: "%s" said at %s is %s', (phrase, now, expected) => {
    expect(parseAddText(`Fix alerting due ${phrase}`, { zone: 'Africa/Nairobi', now: utc(now) }).due).toBe(expected);
  });

  it('crosses daylight-saving changes: said just after midnight on the day the clocks go forward', () => {
    // 00:30 CET on Sunday, March 29 2026, in Stockholm; the clocks jump at 02:00.
    expect(parseAddText('Fix alerting due in 1 day', { zone: 'Europe/Stockholm', now: utc('2026-03-28T23:30:00Z') }).due).toBe('2026-03-30');
    // 23:30 PDT on Sunday, November 1 2026 in Los Angeles, the day the clocks went back.
    expect(parseAddText('Fix alerting due tomorrow', { zone: 'America/Los_Angeles', now: utc('2026-11-02T07:30:00Z') }).due).toBe('2026-11-02');
  });

  it('refuses an unreadable date, saying which forms work', () => {
    const err = usageError(() => parseAddText('Fix alerting due fridya', NAIROBI_WEDNESDAY));
    expect(err.message).toMatch(/couldn't read "fridya"/);
    expect(err.message).toContain('in 3 days');
    expect(err.usage).toBe('action add <text> [<@owner>] [due <date>] [corrective|preventive]');
  });

  it('refuses a date in the past', () => {
    expect(usageError(() => parseAddText('Fix alerting due 2026-05-01', NAIROBI_WEDNESDAY)).message).toMatch(/in the past/);
  });
});

describe('action add: mistakes', () => {
  it('needs some text besides the options', () => {
    expect(usageError(() => parseAddText('<@U0BO> due friday preventive', NAIROBI_WEDNESDAY)).message).toMatch(/Write what should be done/);
  });

  it('refuses a user group as owner', () => {
    expect(usageError(() => parseAddText('Fix alerting <!subteam^S0DBA|@dbas>', NAIROBI_WEDNESDAY)).message).toMatch(/one person/);
  });

  it('refuses text longer than 1,000 characters', () => {
    expect(usageError(() => parseAddText('x'.repeat(1001), NAIROBI_WEDNESDAY)).message).toMatch(/at most 1,000/);
  });

  it('reads item ids as A12, a12, #12 or 12, and refuses others', () => {
    expect(parseIdArg('A12 friday', 'due')).toEqual({ id: 12, rest: 'friday' });
    expect(parseIdArg('#3', 'done').id).toBe(3);
    expect(usageError(() => parseIdArg('INC-3', 'done')).message).toMatch(/not an action item id/);
    expect(usageError(() => parseIdArg('', 'done')).message).toMatch(/Which action item/);
  });
});
