import { describe, expect, it } from 'vitest';
import { parseTimePhrase, splitLeadingTime } from '../../src/domain/time-parse.js';

// 2023-05-13 16:30 UTC is 19:30 in Nairobi (EAT, UTC+3).
const now = Date.parse('2023-05-13T16:30:00Z');
const opts = { zone: 'Africa/Nairobi', reference: Date.parse('2023-05-13T16:00:00Z'), now };

describe('times people type in a hurry', () => {
  it.each([
    ['yesterday 17:05 restarted pods', '2023-05-12T14:05:00.000Z'],
    ['yesterday 5pm restarted pods', '2023-05-12T14:00:00.000Z'],
    ['10 min ago restarted pods', '2023-05-13T16:20:00.000Z'],
    ['5m ago restarted pods', '2023-05-13T16:25:00.000Z'],
    ['2 hours ago restarted pods', '2023-05-13T14:30:00.000Z'],
    ['at 19:05 restarted pods', '2023-05-13T16:05:00.000Z'],
    ['10 min ago, restarted pods', '2023-05-13T16:20:00.000Z'],
  ])('%s', (text, iso) => {
    const split = splitLeadingTime(text, opts);
    expect(split).toEqual({ ok: true, at: Date.parse(iso), rest: 'restarted pods' });
  });

  it('reads "yesterday" in the incident zone across a DST change (New York, day after spring forward)', () => {
    const ny = { zone: 'America/New_York', now: Date.parse('2024-03-11T16:00:00Z'), reference: Date.parse('2024-03-11T15:00:00Z') };
    // 9:00 on March 10 was already EDT (UTC-4), although the clocks changed that night.
    expect(splitLeadingTime('yesterday 9:00 x', ny)).toMatchObject({ ok: true, at: Date.parse('2024-03-10T13:00:00Z') });
  });

  it.each(['yesterday 25:00 restarted', 'yesterday restarted pods', '10 minz ago restarted', 'at 25:00 restarted'])('refuses "%s" rather than keep it as text', (text) => {
    const split = splitLeadingTime(text, opts);
    expect(split.ok).toBe(false);
  });

  // chrono reads "a few" as 3 and "several" as 7: saving "9:27 PM" for "a few minutes ago" would record a precision nobody gave.
  it.each(['a few minutes ago restarted pods', 'several minutes ago restarted pods', 'a few hours ago restarted pods'])('refuses the vague "%s" and asks for a number', (text) => {
    const split = splitLeadingTime(text, opts);
    expect(split.ok ? '' : split.error).toContain('10 min ago');
  });

  it('refuses a natural time in the future', () => {
    const split = splitLeadingTime('today 23:00 restarted', opts);
    expect(split.ok ? '' : split.error).toContain('in the future');
  });

  it('leaves ordinary notes alone', () => {
    expect(splitLeadingTime('at 3 sites the login failed', opts)).toEqual({ ok: true, at: undefined, rest: 'at 3 sites the login failed' });
    expect(splitLeadingTime("yesterday's deploy is suspect", opts)).toEqual({ ok: true, at: undefined, rest: "yesterday's deploy is suspect" });
  });

  it('/incident time takes the same forms, and nothing after them', () => {
    expect(parseTimePhrase('10 min ago', opts)).toEqual({ ok: true, at: Date.parse('2023-05-13T16:20:00Z') });
    expect(parseTimePhrase('19:05 oops', opts).ok).toBe(false);
  });
});
