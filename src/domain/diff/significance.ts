import type { McNemarComparison, McNemarResult } from '../metrics/mcnemar.js';
import type { Diff, McNemar } from './diff-schema.js';

/** C's McNemar result in the schema's words: b = worse (A right, B wrong), c = better. */
export function toSchemaMcNemar(result: McNemarResult, n: number): McNemar {
  const out: McNemar = {
    n,
    worse: result.b,
    better: result.c,
    exact_p: result.exactP,
    mid_p: result.midP,
    chi2: result.chi2.value,
    chi2_p: result.chi2P.value,
  };
  if (result.chi2.reason !== undefined) out.reason = result.chi2.reason;
  return out;
}

/**
 * Holm's step-down adjustment (Holm 1979): sort ascending, p_(j)·(m − j + 1), running maximum,
 * capped at 1. Controls the family-wise error rate for any dependence between the tests —
 * the McNemar tests of a diff share items, so nothing weaker would do.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i);
  const adjusted = new Array<number>(m).fill(1);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * The regression verdict `--fail-on-regression` acts on: B is significantly more often wrong than
 * A overall, on gold negatives (new false positives) or on gold positives (new false negatives),
 * by McNemar's exact test with Holm's correction over the three (one family, level `alpha`).
 * Exact rather than mid-p because a CI failure should be a conservative call.
 */
export function regressionVerdict(
  comparison: McNemarComparison,
  sizes: { overall: number; goldNegatives: number; goldPositives: number },
  alpha: number,
): Diff['regression'] {
  const tests = [
    { name: 'overall' as const, result: comparison.overall, n: sizes.overall, what: 'errors' },
    { name: 'gold_negatives' as const, result: comparison.goldNegatives, n: sizes.goldNegatives, what: 'false positives' },
    { name: 'gold_positives' as const, result: comparison.goldPositives, n: sizes.goldPositives, what: 'false negatives' },
  ];
  const holm = holmAdjust(tests.map((test) => test.result.exactP));
  const rows = tests.map((test, k) => {
    const holmP = holm[k] ?? 1;
    return {
      name: test.name,
      mcnemar: toSchemaMcNemar(test.result, test.n),
      holm_p: holmP,
      regressed: holmP < alpha && test.result.b > test.result.c,
      what: test.what,
    };
  });
  const regressed = rows.filter((row) => row.regressed);
  const summary =
    regressed.length > 0
      ? `Regression: B has significantly more ${regressed.map((row) => `${row.what} (${row.mcnemar.worse} new vs ${row.mcnemar.better} fixed, Holm p = ${formatP(row.holm_p)})`).join('; ')}.`
      : rows.some((row) => row.holm_p < alpha)
        ? 'No regression: the significant change is an improvement.'
        : `No significant change in errors at α = ${alpha} (McNemar exact, Holm over 3 tests).`;
  return {
    alpha,
    method: 'mcnemar-exact-holm',
    regressed: regressed.length > 0,
    tests: rows.map(({ what: _what, ...row }) => row),
    summary,
  };
}

function formatP(p: number): string {
  return p < 0.0001 ? p.toExponential(1) : String(Number(p.toPrecision(2)));
}
