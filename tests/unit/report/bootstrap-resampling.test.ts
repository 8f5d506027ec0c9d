import { describe, expect, it } from 'vitest';
import { fixtureReport } from './load-fixture-report.js';

describe('the report says how bootstrap replicates were drawn', () => {
  it('records item resampling for a small set (bit-for-bit the numpy reference path)', async () => {
    const { report } = await fixtureReport('hand');
    expect(report.classification.answered.f1.ci).toMatchObject({ method: 'percentile', resampling: 'items' });
  });
});
