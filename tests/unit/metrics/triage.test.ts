import { describe, expect, it } from 'vitest';
import { binomialCdf, clopperPearsonLower, clopperPearsonUpper } from '../../../src/domain/metrics/intervals.js';
import { stratifiedDesign, weightedDesign } from '../../../src/domain/metrics/prevalence.js';
import {
  DEFAULT_CLEAR_GRID,
  DEFAULT_ENFORCE_GRID,
  startMinimum,
  triageFromLabels,
  triageThresholds,
  type TriageOptions,
  type TriageResult,
  type ThresholdTest,
  type TriageSide,
} from '../../../src/domain/metrics/triage.js';
import reference from '../../reference/stats-expected.json' with { type: 'json' };

// Expected values: tests/reference/stats_reference.py — its own implementation of METHODS
// §4.3–4.5 with scipy binom.cdf p-values and beta.ppf Clopper–Pearson/Korn–Graubard bounds.
type Case = (typeof reference.triage.cases)[number];
interface SideRef {
  startMinimum: number;
  threshold: number | null;
  certified: boolean;
  thresholdWithoutStartRule: number | null;
  tests: (Omit<ThresholdTest, 'status'> & { status: string })[];
  itemsNeeded?: {
    threshold: number | null;
    selectedNeeded: number | null;
    labeledNeeded: number | null;
    additionalLabeled: number | null;
  };
}

function near(actual: number | null | undefined, expected: number | null | undefined, tol = 1e-10): void {
  if (expected === null || expected === undefined) {
    expect(actual ?? null).toBeNull();
    return;
  }
  expect(actual).not.toBeNull();
  expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(tol);
}

function expectSide(actual: TriageSide, ref: SideRef): void {
  expect(actual.startMinimum).toBe(ref.startMinimum);
  expect([actual.threshold, actual.certified, actual.thresholdWithoutStartRule]).toEqual([
    ref.threshold,
    ref.certified,
    ref.thresholdWithoutStartRule,
  ]);
  expect(actual.tests.map((r) => [r.threshold, r.selected, r.errors, r.status])).toEqual(
    ref.tests.map((r) => [r.threshold, r.selected, r.errors, r.status]),
  );
  actual.tests.forEach((row, k) => {
    const want = ref.tests[k];
    near(row.estimate, want?.estimate, 1e-12);
    near(row.bound, want?.bound);
    near(row.pValue, want?.pValue, 1e-12);
  });
  if (ref.certified) {
    expect(actual.reason).toBeUndefined();
  } else {
    expect(actual.reason).toEqual(expect.any(String));
    const needed = ref.itemsNeeded;
    expect(actual.itemsNeeded).toMatchObject({ ...needed, weighted: false });
  }
}

function expectSummary(result: TriageResult, c: Case): void {
  const e = c.expected;
  expectSide(result.enforce, e.enforce);
  expectSide(result.clear, e.clear);
  near(result.automationRate.value, e.automationRate, 1e-12);
  near(result.enforceShare.value, e.enforceShare, 1e-12);
  near(result.clearShare.value, e.clearShare, 1e-12);
  near(result.humanShare.value, e.humanShare, 1e-12);
  near(result.spamLeakRate.value, e.spamLeakRate, 1e-12);
  near(result.enforceRecall.value, e.enforceRecall, 1e-12);
  near(result.grayShareAutoActioned.value, e.grayShareAutoActioned, 1e-12);
  near(result.enforcePrecision.value, e.enforcePrecision, 1e-12);
  near(result.enforcePrecision.bound.value, e.enforcePrecisionBound);
  near(result.falseClearRate.value, e.falseClearRate, 1e-12);
  near(result.falseClearRate.bound.value, e.falseClearRateBound);
  if ('savings' in e && e.savings !== undefined) {
    const s = result.savings;
    near(s?.automatedPerDay, e.savings.automatedPerDay, 1e-8);
    near(s?.reviewerHoursPerDay, e.savings.reviewerHoursPerDay, 1e-9);
    near(s?.costPerDay, e.savings.costPerDay, 1e-8);
    near(s?.wrongfulEnforcementsPerDay.value, e.savings.wrongfulEnforcementsPerDay.value, 1e-6);
    near(s?.wrongfulEnforcementsPerDay.upper, e.savings.wrongfulEnforcementsPerDay.upper, 1e-6);
    near(s?.spamLeaksPerDay, e.savings.spamLeaksPerDay, 1e-8);
  }
}

function optionsOf(c: Case): TriageOptions {
  const options: TriageOptions = { enforcePrecision: c.pE, clearFalseRate: c.qC, delta: c.delta };
  if ('savings' in c && c.savings !== undefined) options.savings = c.savings;
  return options;
}

function byName(name: string): Case {
  const c = reference.triage.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no case ${name}`);
  return c;
}

function scoreItems(c: Case) {
  return c.items.map((i) => ({
    score: 'score' in i ? i.score : null,
    positive: i.positive,
    gray: 'gray' in i ? i.gray : false,
  }));
}

describe('triageThresholds against the reference script', () => {
  for (const name of ['example-2-like', 'noisy-600', 'too-few']) {
    it(`${name}: every tested threshold, τ_hi/τ_lo, shares, bounds and savings`, () => {
      const c = byName(name);
      expectSummary(triageThresholds(scoreItems(c), optionsOf(c)), c);
    });
  }

  it('reproduces the METHODS Example 2 narrative (τ_hi = 0.71, τ_lo = 0.31, nothing without the start rule)', () => {
    const c = byName('example-2-like');
    const r = triageThresholds(scoreItems(c), optionsOf(c));
    expect([r.enforce.threshold, r.clear.threshold]).toEqual([0.71, 0.31]);
    expect([r.enforce.thresholdWithoutStartRule, r.clear.thresholdWithoutStartRule]).toEqual([null, null]);
    expect(r.enforce.startMinimum).toBe(36);
    const at71 = r.enforce.tests.find((t) => t.threshold === 0.71);
    const at70 = r.enforce.tests.find((t) => t.threshold === 0.7);
    expect([at71?.selected, at71?.errors, at71?.bound?.toFixed(3)]).toEqual([40, 0, '0.912']);
    expect([at70?.errors, at70?.bound?.toFixed(3), at70?.status]).toEqual([1, '0.871', 'not_rejected_stop']);
    expect(r.clear.tests.find((t) => t.threshold === 0.32)?.bound?.toFixed(4)).toBe('0.1026');
    expect(r.enforce.tests.at(-1)?.status).toBe('not_tested_after_stop');
    expect(r.enforce.tests[0]?.status).toBe('skipped_before_start');
    // an item scoring exactly τ_lo = 0.31 is not auto-cleared (s < τ_lo), it goes to people
    expect(r.clear.tests.find((t) => t.threshold === 0.31)?.errors).toBe(0);
  });

  it('too few items: nothing certified, a plain reason and the projection to n_min', () => {
    const c = byName('too-few');
    const r = triageThresholds(scoreItems(c), optionsOf(c));
    expect(r.enforce.reason).toMatch(/no threshold selects the n_min = 72 items/);
    expect(r.enforce.itemsNeeded?.selectedNeeded).toBe(72);
    expect(r.automationRate.value).toBe(0);
    expect(r.enforcePrecision.value).toBeNull();
    expect(r.savings?.wrongfulEnforcementsPerDay).toEqual({ value: 0, upper: 0 });
  });

  it('counts unscored items as human work', () => {
    const c = byName('noisy-600');
    const r = triageThresholds(scoreItems(c), optionsOf(c));
    expect(r.undecidedItems).toBe(9);
    expect((r.enforceShare.value ?? 0) + (r.clearShare.value ?? 0) + (r.humanShare.value ?? 0)).toBeCloseTo(1, 14);
  });
});

describe('weighted triage (stratified golden set)', () => {
  for (const name of ['noisy-600-stratified-korn-graubard', 'noisy-600-stratified-exact-counts']) {
    it(`${name}: weighted shares and point estimates; the guarantee says which test it is`, () => {
      const c = byName(name);
      if (!('strata' in c) || c.strata === undefined) throw new Error('stratified case');
      const design = stratifiedDesign(
        c.items.map((i) => ({ stratum: 'stratum' in i ? i.stratum : undefined })),
        c.strata,
      );
      const mode = c.weightedGuarantee === 'exact-counts' ? 'exact-counts' : 'korn-graubard';
      const r = triageThresholds(scoreItems(c), { ...optionsOf(c), design, weightedGuarantee: mode });
      expectSummary(r, c);
      expect(r.guarantee.approximate).toBe(mode === 'korn-graubard');
      expect(r.guarantee.method).toBe(mode === 'korn-graubard' ? 'korn-graubard' : 'exact-binomial');
      expect(r.enforcePrecision.bound.method).toBe(mode === 'korn-graubard' ? 'korn-graubard' : 'clopper-pearson');
    });
  }
});

describe('items needed under a weighted (Korn–Graubard) guarantee', () => {
  // 60 items at score 0.95: 50 spam of weight 1 and 10 ham of weight 0.1; 40 ham at 0.1 of weight 1.
  // Weighted precision 50/51 = 0.98039 (unweighted 50/60 = 0.833 would miss p_E = 0.95 outright);
  // Kish n_eff = 51²/50.1 = 51.916; KG lower bound 0.8967 < 0.95, so not certified. scipy
  // (beta.ppf(0.025, 0.98039·n, 0.01961·n + 1) ≥ 0.95, scanned n = 1, 2, …) first passes at n_eff
  // = 199 → 199 × 60/51.916 = 229.9 → 230 selected; × 100 decided / 60 selected → 384 labeled, 284 more.
  const items = [
    ...Array.from({ length: 50 }, () => ({ score: 0.95, positive: true })),
    ...Array.from({ length: 10 }, () => ({ score: 0.95, positive: false })),
    ...Array.from({ length: 40 }, () => ({ score: 0.1, positive: false })),
  ];
  const weights = [...Array<number>(50).fill(1), ...Array<number>(10).fill(0.1), ...Array<number>(40).fill(1)];
  const options: TriageOptions = { enforcePrecision: 0.95, clearFalseRate: 0.1, enforceGrid: [0.9], clearGrid: [0.05], startRule: false };

  it('projects from the weighted rate and the effective size, as the guarantee does', () => {
    const r = triageThresholds(items, { ...options, design: weightedDesign(weights) });
    expect(r.enforce.certified).toBe(false);
    near(r.enforce.tests[0]?.bound, 0.8967275690981581, 1e-9);
    expect(r.enforce.itemsNeeded).toMatchObject({ weighted: true, effectiveNeeded: 199, selectedNeeded: 230, labeledNeeded: 384, additionalLabeled: 284 });
    near(r.enforce.itemsNeeded?.errorRate, 1 / 51, 1e-12);
  });

  it('keeps the unweighted counts for the exact-counts guarantee', () => {
    const r = triageThresholds(items, { ...options, design: weightedDesign(weights), weightedGuarantee: 'exact-counts' });
    expect(r.enforce.itemsNeeded).toMatchObject({ weighted: false, selectedNeeded: null });
    near(r.enforce.itemsNeeded?.errorRate, 10 / 60, 1e-12);
    expect(r.enforce.itemsNeeded?.reason).toBe('the observed error rate 0.167 already misses the target');
  });

  it('writes numbers in the reason as prose, not raw floats', () => {
    const r = triageThresholds(items, { ...options, enforceGrid: [0.9] });
    expect(r.enforce.reason).toMatch(/bound 0\.\d{1,3}\)/);
  });
});

describe('triageFromLabels (no scores)', () => {
  it('tests the single operating point per side with its CP bound', () => {
    const c = byName('labels-only');
    const items = c.items.map((i) => ({
      positive: i.positive,
      predictedPositive: 'predictedPositive' in i ? i.predictedPositive : null,
    }));
    const r = triageFromLabels(items, { enforcePrecision: c.pE, clearFalseRate: c.qC, delta: c.delta });
    expect(r.mode).toBe('labels');
    expectSummary(r, c);
    expect(r.undecidedItems).toBe(1);
    expect(r.enforce.certified).toBe(true);
    expect(r.clear.certified).toBe(false);
  });
});

describe('the exact test and the Clopper–Pearson bound agree (METHODS §2.1 duality)', () => {
  it('BinomCDF(fp; n, 1 − p) ≤ α ⇔ CP lower(n − fp, n, 1 − α) ≥ p, and likewise for the upper bound', () => {
    let checked = 0;
    for (const p of [0.8, 0.9, 0.95, 0.99]) {
      for (const alpha of [0.025, 0.05]) {
        for (let n = 1; n <= 400; n += 3) {
          for (let errors = 0; errors <= Math.min(n, 12); errors++) {
            const rejects = binomialCdf(errors, n, 1 - p) <= alpha;
            expect(clopperPearsonLower(n - errors, n, 1 - alpha) >= p).toBe(rejects);
            expect(clopperPearsonUpper(errors, n, 1 - alpha) <= 1 - p).toBe(rejects);
            checked += 1;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(5000);
  });
});

describe('startMinimum and grids', () => {
  it('n_min = ⌈ln α / ln p⌉ checked against a scipy scan', () => {
    for (const ref of reference.triage.startMinimum) expect(startMinimum(ref.target, ref.alpha)).toBe(ref.n);
    expect(startMinimum(0.9, 0.025)).toBe(36);
  });

  it('default grids are integer/100, strictest first', () => {
    expect(DEFAULT_ENFORCE_GRID[0]).toBe(0.99);
    expect(DEFAULT_ENFORCE_GRID.at(-1)).toBe(0.5);
    expect(DEFAULT_ENFORCE_GRID).toContain(0.71);
    expect(DEFAULT_CLEAR_GRID[0]).toBe(0.01);
    expect(DEFAULT_CLEAR_GRID).toContain(0.31);
    expect(DEFAULT_CLEAR_GRID.at(-1)).toBe(0.5);
  });

  it('rejects overlapping grids and targets outside (0, 1)', () => {
    const items = [{ score: 0.5, positive: true }];
    expect(() => triageThresholds(items, { enforcePrecision: 0.9, clearFalseRate: 0.1, enforceGrid: [0.6], clearGrid: [0.7] })).toThrow(
      RangeError,
    );
    expect(() => triageThresholds(items, { enforcePrecision: 1, clearFalseRate: 0.1 })).toThrow(RangeError);
  });
});
