import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadGoldenSet } from '../../../src/adapters/stores/golden-store.js';
import { loadRun, type LoadedRun } from '../../../src/adapters/stores/run-store.js';
import { buildDiff } from '../../../src/domain/diff/build-diff.js';
import { DiffSchema, type Diff } from '../../../src/domain/diff/diff-schema.js';
import { InputError } from '../../../src/domain/problems.js';
import reference from '../../reference/diff-expected.json' with { type: 'json' };

// Expected values: tests/reference/diff_reference.py (sklearn metrics, statsmodels McNemar and
// Holm, numpy port of mulberry32 for the paired bootstrap) on the fixture it also writes, whose
// flips were chosen by hand (A→B: 2 worse, 9 better ⇒ exact p = 134/2048, mid-p = 79/2048).

const fixture = join(import.meta.dirname, '../../../fixtures/diff-basic');
const golden = (version: string) => loadGoldenSet(join(fixture, 'golden-sets/diff-basic', version), []);
const run = (id: string) => loadRun(join(fixture, 'runs', id));

type Case = (typeof reference.cases)[keyof typeof reference.cases];
type RefDelta = { a: number | null; b: number | null; delta: number | null; low: number | null; high: number | null; dropped: number };

function checkAgainstReference(diff: Diff, expected: Case): void {
  expect(DiffSchema.parse(diff)).toEqual(diff);
  expect(diff.pairing).toMatchObject(expected.pairing);
  const deltas: Record<string, RefDelta> = expected.deltas;
  expect(diff.deltas.map((d) => d.metric).sort()).toEqual(Object.keys(deltas).sort());
  for (const entry of diff.deltas) {
    const ref = deltas[entry.metric];
    if (!ref) throw new Error(`no reference for ${entry.metric}`);
    expect(entry.a.value, `${entry.metric} A`).toBeCloseTo(ref.a ?? NaN, 12);
    expect(entry.b.value, `${entry.metric} B`).toBeCloseTo(ref.b ?? NaN, 12);
    expect(entry.delta.value, `${entry.metric} Δ`).toBeCloseTo(ref.delta ?? NaN, 12);
    expect(entry.delta.ci?.low, `${entry.metric} low`).toBeCloseTo(ref.low ?? NaN, 12);
    expect(entry.delta.ci?.high, `${entry.metric} high`).toBeCloseTo(ref.high ?? NaN, 12);
    expect(entry.delta.ci).toMatchObject({ method: 'percentile', replicates: 2000, seed: 12345, dropped: ref.dropped, confidence: 0.95 });
    expect(diff.metrics[`${entry.metric}_delta`]).toBe(entry.delta.value);
  }
  for (const [name, key] of [['overall', 'overall'], ['gold_negatives', 'gold_negatives'], ['gold_positives', 'gold_positives']] as const) {
    const ref = expected.mcnemar[key];
    expect(diff.mcnemar[name]).toMatchObject({ n: ref.n, worse: ref.worse, better: ref.better });
    expect(diff.mcnemar[name].exact_p).toBeCloseTo(ref.exact_p, 14);
    const test = diff.regression.tests.find((t) => t.name === name);
    expect(test?.holm_p).toBeCloseTo(ref.holm_p, 14);
  }
  const ids = (list: { items: { id: string }[]; total: number }) => {
    expect(list.items).toHaveLength(list.total);
    return list.items.map((item) => item.id).sort();
  };
  expect(ids(diff.flips.new_false_positives)).toEqual(expected.flips.new_false_positives);
  expect(ids(diff.flips.fixed_false_positives)).toEqual(expected.flips.fixed_false_positives);
  expect(ids(diff.flips.new_false_negatives)).toEqual(expected.flips.new_false_negatives);
  expect(ids(diff.flips.fixed_false_negatives)).toEqual(expected.flips.fixed_false_negatives);
  expect(diff.flips.unchanged_errors).toBe(expected.flips.unchanged_errors);
  for (const category of expected.categories) {
    const mine = diff.categories.find((c) => c.category === category.category);
    expect(mine).toMatchObject({ paired: category.paired, mcnemar: { worse: category.mcnemar.worse, better: category.mcnemar.better } });
    expect(mine?.mcnemar.exact_p).toBeCloseTo(category.mcnemar.exact_p, 14);
    expect(mine?.holm_p).toBeCloseTo(category.holm_p, 14);
  }
  expect(diff.errors.newly_failing.ids.slice().sort()).toEqual(expected.newly_failing);
  expect(diff.errors.newly_answered.ids.slice().sort()).toEqual(expected.newly_answered);
}

describe('buildDiff on the diff-basic fixture', () => {
  let runs: Record<string, LoadedRun>;
  beforeAll(async () => {
    runs = Object.fromEntries(
      await Promise.all(['a-baseline', 'b-candidate', 'c-regressed', 'd-new-version'].map(async (id) => [id, await run(id)] as const)),
    );
  });
  const get = (id: string): LoadedRun => {
    const found = runs[id];
    if (!found) throw new Error(id);
    return found;
  };

  it('A → B: known flips, McNemar exact 134/2048 and mid-p 79/2048, deltas equal the numpy/sklearn reference', async () => {
    const diff = buildDiff(await golden('1.0.0'), get('a-baseline'), get('b-candidate'), { toolVersion: 'test' });
    checkAgainstReference(diff, reference.cases.a_vs_b);
    expect(diff.mcnemar.overall.exact_p).toBe(134 / 2048);
    expect(diff.mcnemar.overall.mid_p).toBeCloseTo(79 / 2048, 15);
    expect(diff.regression.regressed).toBe(false);
    expect(diff.scores).toEqual({ available: true, scored_by_both: 57 });
    expect(diff.golden_set.same_version).toBe(true);
    expect(diff.warnings.join('\n')).toMatch(/3 of 60 items lack an answer/);
    // churn = correctness flips / paired = 11/57
    expect(diff.flips.churn.value).toBeCloseTo(11 / 57, 15);
    // flips carry the item, sorted by |Δscore|, the gray item flagged, text cut but not escaped
    const fixedFp = diff.flips.fixed_false_positives.items;
    const changes = fixedFp.map((item) => Math.abs(item.score_change ?? 0));
    expect(changes).toEqual([...changes].sort((x, y) => y - x));
    expect(fixedFp.find((item) => item.id === 'h31')).toMatchObject({ gray: true, gold_label: 'not_spam', a_label: 'spam', b_label: 'not_spam' });
    expect(diff.flips.new_false_negatives.items[0]).toMatchObject({ id: 's05', category: 'phishing' });
    expect(diff.triage.available).toBe(true);
  });

  it('A → C: a significant regression in false positives, Holm-corrected', async () => {
    const diff = buildDiff(await golden('1.0.0'), get('a-baseline'), get('c-regressed'), { toolVersion: 'test' });
    checkAgainstReference(diff, reference.cases.a_vs_c);
    expect(diff.regression.regressed).toBe(true);
    expect(diff.regression.tests.filter((t) => t.regressed).map((t) => t.name)).toEqual(['overall', 'gold_negatives']);
    expect(diff.regression.summary).toMatch(/^Regression: B has significantly more errors \(14 new vs 0 fixed/);
    expect(diff.flips.new_false_positives).toMatchObject({ total: 12, omitted: 0 });
  });

  it('B (1.0.0) → D (1.1.0): compares on shared ids with B\'s gold labels and says so loudly', async () => {
    const diff = buildDiff(await golden('1.1.0'), get('b-candidate'), get('d-new-version'), {
      toolVersion: 'test',
      goldenA: await golden('1.0.0'),
    });
    checkAgainstReference(diff, reference.cases.b_vs_d);
    expect(diff.golden_set).toMatchObject({ version: '1.1.0', same_version: false });
    expect(diff.pairing).toMatchObject({ only_in_a_version: 2, only_in_b_version: 3, relabeled: 1 });
    expect(diff.warnings[0]).toMatch(/^DIFFERENT GOLDEN SET VERSIONS: A ran on diff-basic@1\.0\.0, B on diff-basic@1\.1\.0\. Compared on the 58 ids/);
    expect(diff.scores).toMatchObject({ available: false, reason: 'run B gives no scores' });
    expect(diff.deltas.map((d) => d.metric)).not.toContain('average_precision');
  });

  it('caps flip lists and counts what it left out', async () => {
    const diff = buildDiff(await golden('1.0.0'), get('a-baseline'), get('c-regressed'), { toolVersion: 'test', maxFlips: 5 });
    expect(diff.flips.new_false_positives).toMatchObject({ total: 12, omitted: 7 });
    expect(diff.flips.new_false_positives.items).toHaveLength(5);
  });

  it('the same seed gives the same diff; another seed other intervals', async () => {
    const g = await golden('1.0.0');
    const one = buildDiff(g, get('a-baseline'), get('b-candidate'), { toolVersion: 'test', bootstrap: { replicates: 300, seed: 7 } });
    const two = buildDiff(g, get('a-baseline'), get('b-candidate'), { toolVersion: 'test', bootstrap: { replicates: 300, seed: 7 } });
    const other = buildDiff(g, get('a-baseline'), get('b-candidate'), { toolVersion: 'test', bootstrap: { replicates: 300, seed: 8 } });
    expect(two).toEqual(one);
    expect(other.deltas[0]?.delta.ci).not.toEqual(one.deltas[0]?.delta.ci);
  });

  it('a run against itself: no flips, every delta interval exactly [0, 0], and a warning', async () => {
    const diff = buildDiff(await golden('1.0.0'), get('b-candidate'), get('b-candidate'), { toolVersion: 'test', bootstrap: { replicates: 200 } });
    expect(diff.mcnemar.overall).toMatchObject({ worse: 0, better: 0, exact_p: 1 });
    for (const entry of diff.deltas) {
      if (entry.delta.value === null) continue;
      expect([entry.delta.value, entry.delta.ci?.low, entry.delta.ci?.high]).toEqual([0, 0, 0]);
    }
    expect(diff.warnings.join('\n')).toMatch(/same candidate configuration/);
  });

  it('refuses runs on different golden sets, and versions it was not given', async () => {
    const b = get('b-candidate');
    const other = { ...b, meta: { ...b.meta, golden_set: { ...b.meta.golden_set, name: 'other-set' } } };
    const [v100, v110] = await Promise.all([golden('1.0.0'), golden('1.1.0')]);
    expect(() => buildDiff(v100, get('a-baseline'), other, { toolVersion: 'test' })).toThrow(InputError);
    expect(() => buildDiff(v110, get('b-candidate'), get('d-new-version'), { toolVersion: 'test' })).toThrow(/load both versions/);
  });

  it('a sharded run restricts the comparison to its shard', async () => {
    const a = get('a-baseline');
    const shard = { index: 1, count: 3 };
    const sharded = { ...a, meta: { ...a.meta, shard } };
    const diff = buildDiff(await golden('1.0.0'), sharded, get('b-candidate'), { toolVersion: 'test', bootstrap: { replicates: 100 } });
    const { inShard } = await import('../../../src/domain/run/shard.js');
    const expected = a.records.filter((record) => inShard(record.id, shard)).length;
    expect(diff.pairing.items).toBe(expected);
    expect(diff.warnings.join('\n')).toMatch(/Run A is shard 1\/3/);
  });
});
