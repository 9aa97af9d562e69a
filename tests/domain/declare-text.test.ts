import { describe, expect, it } from 'vitest';
import { parseDeclareText } from '../../commands/declare.js';

describe('reading /incident declare', () => {
  it('takes the severity first or last, and the impact after "impact:"', () => {
    expect(parseDeclareText('sev2 Checkout failing impact: 40% of orders fail')).toEqual({ title: 'Checkout failing', severity: 'sev2', impact: '40% of orders fail' });
    expect(parseDeclareText('Checkout failing SEV1')).toEqual({ title: 'Checkout failing', severity: 'sev1' });
  });

  it('leaves a title alone when no word is a severity', () => {
    expect(parseDeclareText('S3 bucket sev policy broken')).toEqual({ title: 'S3 bucket sev policy broken' });
  });
});
