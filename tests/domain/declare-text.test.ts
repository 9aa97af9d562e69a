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

describe('severity spellings in /incident declare', () => {
  it('reads SEV1, sev-1, S1 and P1 as SEV1 …SEV4', () => {
    for (const [word, severity] of [['SEV1', 'sev1'], ['sev-2', 'sev2'], ['S4', 'sev4'], ['P1', 'sev1'], ['p3', 'sev3']] as const) {
      expect(parseDeclareText(`${word} Checkout failing`)).toEqual({ title: 'Checkout failing', severity });
    }
  });

  it('refuses a first word that looks like a severity but is none, naming the valid ones', () => {
    for (const word of ['sev0', 'sev5', 'SEV-9', 'P0']) {
      expect(() => parseDeclareText(`${word} Everything down`)).toThrow(/is not a severity\. Use one of `SEV1`…`SEV4`, also written `sev-1`, `S1` or `P1`/);
    }
  });

  it('keeps "S3" at the start of a title and P1/S1 at its end as words', () => {
    expect(parseDeclareText('Upload to S3 failing P1')).toEqual({ title: 'Upload to S3 failing P1' });
  });
});
