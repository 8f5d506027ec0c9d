import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/domain/metrics/bootstrap.js';
import { nonInferiority, pairedBootstrap, type ResampledMetric } from '../../../src/domain/metrics/paired-bootstrap.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: a numpy port of mulberry32 + the ⌊u·n⌋ index rule + np.quantile('linear')
// in tests/reference/stats_reference.py; same stream ⇒ the same replicates ⇒ equal intervals.

function binaryMetric(name: string, gold: readonly boolean[], decided: readonly boolean[]): ResampledMetric {
  return (indices) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const i of indices) {
      const g = gold[i] === true;
      const d = decided[i] === true;
      if (g && d) tp += 1;
      else if (d) fp += 1;
      else if (g) fn += 1;
    }
    if (name === 'precision') return tp + fp === 0 ? null : tp / (tp + fp);
    if (name === 'recall') return tp + fn === 0 ? null : tp / (tp + fn);
    return tp + fp + fn === 0 ? null : (2 * tp) / (2 * tp + fp + fn);
  };
}

describe('pairedBootstrap', () => {
  it('uses the same mulberry32 stream as the Python port', () => {
    const random = mulberry32(42);
    expect(reference.pairedBootstrap.mulberry32Seed42First5.map(() => random())).toEqual(
      reference.pairedBootstrap.mulberry32Seed42First5,
    );
  });

  for (const c of reference.pairedBootstrap.cases) {
    it(`${c.name}: Δ, percentile interval and dropped count equal the numpy reference`, () => {
      const e = c.expected;
      const result = pairedBootstrap(c.gold.length, binaryMetric(e.metric, c.gold, c.a), binaryMetric(e.metric, c.gold, c.b), {
        replicates: e.replicates,
        seed: e.seed,
        confidence: e.confidence,
      });
      expect(result.delta.value).toBeCloseTo(e.delta ?? NaN, 14);
      expect(result.dropped).toBe(e.dropped);
      expect([result.replicates, result.seed, result.n]).toEqual([e.replicates, e.seed, c.gold.length]);
      expect(result.interval?.low).toBe(e.low); // bit for bit: same stream, same arithmetic
      expect(result.interval?.high).toBe(e.high);
      expect(result.delta.ci).toEqual(result.interval);
    });
  }

  it('pairs the candidates: Δ of a candidate with itself is exactly 0 in every replicate', () => {
    const c = reference.pairedBootstrap.cases[0];
    if (c === undefined) throw new Error('no case');
    const m = binaryMetric('f1', c.gold, c.a);
    const result = pairedBootstrap(c.gold.length, m, m, { replicates: 200, seed: 1 });
    expect([result.interval?.low, result.interval?.high, result.delta.value]).toEqual([0, 0, 0]);
  });

  it('every replicate undefined: no interval, Δ null with a reason', () => {
    const never: ResampledMetric = () => null;
    const result = pairedBootstrap(5, never, never, { replicates: 10, seed: 3 });
    expect(result.interval).toBeNull();
    expect(result.dropped).toBe(10);
    expect(result.delta.value).toBeNull();
    expect(result.delta.reason).toEqual(expect.any(String));
  });
});

describe('nonInferiority', () => {
  it('passes when the lower bound is at or above −margin, fails otherwise or without a bound', () => {
    expect(nonInferiority(-0.004, 0.005).passed).toBe(true);
    expect(nonInferiority(-0.005, 0.005).passed).toBe(true);
    expect(nonInferiority(-0.0051, 0.005).passed).toBe(false);
    expect(nonInferiority(null, 0.005)).toMatchObject({ passed: false, lowerBound: null });
    // a negative margin demands an improvement
    expect(nonInferiority(0.005, -0.01).passed).toBe(false);
  });
});
