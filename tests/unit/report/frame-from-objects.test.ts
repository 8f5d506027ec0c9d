/**
 * frameFromObjects: the rows and scope of joinRun, column by column. A small hand-made run whose
 * every column is written out below, then the row-for-row agreement with joinRun on the
 * committed report fixtures (shard scope included).
 */
import { describe, expect, it } from 'vitest';
import type { Item, Manifest } from '../../../src/domain/golden/schema.js';
import { samplingDesign, type ProductionMethod } from '../../../src/domain/report/build-production.js';
import { frameFromObjects } from '../../../src/domain/report/frame-from-objects.js';
import { joinRun, type ReportGolden, type ReportRun } from '../../../src/domain/report/join-run.js';
import { ROW_ERROR, ROW_MISSING, ROW_OK, type ReportFrame } from '../../../src/domain/report/report-frame.js';
import { stratifiedDesign } from '../../../src/domain/metrics/prevalence.js';
import type { PredictionRecord } from '../../../src/domain/run/prediction.js';
import type { RunMeta } from '../../../src/domain/run/run-meta.js';
import { inShard } from '../../../src/domain/run/shard.js';
import { InputError } from '../../../src/domain/problems.js';
import { FIXTURE_RUNS, fixtureReport } from './load-fixture-report.js';

const manifest: Manifest = {
  schema_version: 1,
  name: 'frame',
  version: '1.0.0',
  description: 'frame test',
  labels: ['spam', 'ham'],
  positive: 'spam',
  categories: { scam: { description: 's' }, seo: { description: 'o' } },
  created_at: '2026-01-01',
  changelog: [],
  count: 5,
  sha256: 'a'.repeat(64),
  strata: { web: { population: 100 }, app: { population: 10 } },
};

const items: Item[] = [
  { id: 'a', text: 'A', label: 'spam', category: 'seo', slices: { lang: 'en', surface: 'pin' }, stratum: 'app', weight: 2 },
  // two reviewers split 1–1: gray by the reviews, not by a flag
  { id: 'b', text: 'B', label: 'ham', reviews: [{ reviewer: 'r1', label: 'ham' }, { reviewer: 'r2', label: 'spam' }], slices: { surface: 'dm' } },
  { id: 'c', text: 'C', label: 'ham', gray_area: true, stratum: 'web' },
  { id: 'd', text: 'D', label: 'spam', category: 'scam', slices: { lang: 'de' }, stratum: 'web' },
  { id: 'e', text: 'E', label: 'ham', reviews: [{ reviewer: 'r1', label: 'ham' }, { reviewer: 'r2', label: 'ham' }] },
];

const ok = (id: string, label: string, extra: { score?: number; category?: string } = {}): PredictionRecord => ({
  id,
  status: 'ok',
  prediction: { label, ...extra },
  attempts: 1,
  latencyMs: 1,
});

const records: PredictionRecord[] = [
  ok('a', 'spam', { score: 0.9, category: 'phish' }),
  ok('b', 'maybe', { score: 0.4 }),
  { id: 'c', status: 'error', error: { kind: 'refused', message: 'no' }, attempts: 2, latencyMs: 1 },
  ok('zzz', 'spam'),
  // a repeated id: the last record is the one joined, the first counts as unknown (as in joinRun)
  ok('e', 'spam', { score: 0.7 }),
  ok('e', 'ham', { category: 'seo' }),
];

function meta(shard: RunMeta['shard'] = null): RunMeta {
  return {
    schema_version: 1,
    run_id: 'r',
    tool: { name: 'spameval', version: '0' },
    suite: { file: null, name: null },
    candidate: { id: 'c', type: 'predictions', fingerprint: 'f', config: {} },
    golden_set: { name: 'frame', version: '1.0.0', sha256: manifest.sha256, count: items.length, path: '.' },
    shard,
    status: 'complete',
    started_at: 's',
    finished_at: null,
    elapsed_seconds: 0,
    counts: { items: 5, done: 5, ok: 4, errors: 1, cached: 0, errors_by_kind: {} },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    settings: {},
    resumes: 0,
  };
}

const golden: ReportGolden = { manifest, items };
const run: ReportRun = { meta: meta(), records };

describe('frameFromObjects', () => {
  const frame = frameFromObjects(golden, run);

  it('holds the golden columns of every row, in golden-set order', () => {
    expect(frame.rows).toBe(5);
    expect(frame.goldenCount).toBe(5);
    expect(Array.from({ length: frame.rows }, (_, i) => frame.id(i))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...frame.goldLabel]).toEqual([0, 1, 1, 0, 1]);
    expect([...frame.goldPositive]).toEqual([1, 0, 0, 1, 0]);
    expect(frame.categoryNames).toEqual(['scam', 'seo']);
    expect([...frame.category]).toEqual([1, -1, -1, 0, -1]);
    // b: split reviews; c: curator flag; e: two agreeing reviews
    expect([...frame.gray]).toEqual([0, 1, 1, 0, 0]);
    expect([...frame.reviewedRows]).toEqual([1, 4]);
    expect(frame.weight === null ? null : [...frame.weight]).toEqual([2, NaN, NaN, NaN, NaN]);
    expect(frame.stratumNames).toEqual(['app', 'web']);
    expect(frame.stratum === null ? null : [...frame.stratum]).toEqual([0, -1, 1, 1, -1]);
    expect(frame.slices.map((s) => ({ key: s.key, values: s.values, index: [...s.index] }))).toEqual([
      { key: 'lang', values: ['en', 'de'], index: [0, -1, -1, 1, -1] },
      { key: 'surface', values: ['pin', 'dm'], index: [0, 1, -1, -1, -1] },
    ]);
    expect(frame.item(3)).toBe(items[3]);
  });

  it('holds the run columns: the last record of an id, unknown and repeated ids counted', () => {
    expect([...frame.status]).toEqual([ROW_OK, ROW_OK, ROW_ERROR, ROW_MISSING, ROW_OK]);
    expect(frame.predictedLabelNames).toEqual(['spam', 'ham', 'maybe']);
    expect([...frame.predictedLabel]).toEqual([0, 2, -1, -1, 1]);
    expect([...frame.predictedPositive]).toEqual([1, 0, 0, 0, 0]);
    expect([...frame.score]).toEqual([0.9, 0.4, NaN, NaN, NaN]);
    expect(frame.predictedCategoryNames).toEqual(['phish', 'seo']);
    expect([...frame.predictedCategory]).toEqual([0, -1, -1, -1, 1]);
    // 'refused' is the fifth error kind
    expect([...frame.errorKind]).toEqual([-1, -1, 4, -1, -1]);
    expect(frame.record(4)).toBe(records[5]);
    expect(frame.record(3)).toBeUndefined();
    // 'zzz' and the first record of 'e'
    expect(frame.unknownRecords).toBe(2);
  });

  it('leaves the optional columns null when no row has them', () => {
    const plain = frameFromObjects({ manifest, items: items.map(({ weight: _w, stratum: _s, ...item }) => item) }, run);
    expect(plain.weight).toBeNull();
    expect(plain.stratum).toBeNull();
    expect(plain.stratumNames).toEqual([]);
  });

  it('throws on a review label outside the taxonomy, as joinRun does', () => {
    const bad = [...items, { id: 'f', text: 'F', label: 'ham', reviews: [{ reviewer: 'r1', label: 'eggs' }] }];
    expect(() => joinRun({ manifest, items: bad }, run)).toThrow(InputError);
    expect(() => frameFromObjects({ manifest, items: bad }, run)).toThrow(InputError);
  });
});

/** Every column of a frame, read back from joinRun's objects: the two must agree row for row. */
function expectSameRows(frame: ReportFrame, golden: ReportGolden, run: ReportRun): void {
  const joined = joinRun(golden, run);
  expect(frame.rows).toBe(joined.items.length);
  expect(frame.unknownRecords).toBe(joined.unknownRecords);
  joined.items.forEach((entry, i) => {
    expect(frame.id(i)).toBe(entry.item.id);
    expect(frame.item(i)).toBe(entry.item);
    expect(frame.goldPositive[i] === 1).toBe(entry.goldPositive);
    expect(frame.gray[i] === 1).toBe(entry.gray);
    const { outcome } = entry;
    expect(frame.status[i]).toBe(outcome.status === 'ok' ? ROW_OK : outcome.status === 'error' ? ROW_ERROR : ROW_MISSING);
    if (outcome.status === 'missing') return;
    expect(frame.record(i)).toBe(outcome.record);
    if (outcome.status !== 'ok') return;
    expect(frame.predictedPositive[i] === 1).toBe(outcome.predictedPositive);
    expect(frame.predictedLabelNames[frame.predictedLabel[i] ?? -1]).toBe(outcome.record.prediction.label);
    expect(Number.isNaN(frame.score[i]) ? null : frame.score[i]).toBe(outcome.score);
  });
}

describe('frameFromObjects against joinRun', () => {
  it('has joinRun rows on the hand-made run, whole and by shard', () => {
    expectSameRows(frameFromObjects(golden, run), golden, run);
    for (const index of [1, 2, 3]) {
      const shard = { index, count: 3 };
      const sharded = { meta: meta(shard), records };
      const frame = frameFromObjects(golden, sharded);
      expect(Array.from({ length: frame.rows }, (_, i) => frame.id(i))).toEqual(items.filter((item) => inShard(item.id, shard)).map((item) => item.id));
      expect(frame.goldenCount).toBe(items.length);
      expectSameRows(frame, golden, sharded);
    }
  });

  it.each(Object.keys(FIXTURE_RUNS))('has joinRun rows on fixtures/report-%s', async (name) => {
    const { golden: loaded, run: loadedRun } = await fixtureReport(name as keyof typeof FIXTURE_RUNS);
    expectSameRows(frameFromObjects(loaded, loadedRun), loaded, loadedRun);
  });
});

describe('samplingDesign from the stratum column', () => {
  const method: Extract<ProductionMethod, { kind: 'weights' }> = { kind: 'weights', weights: 'strata', description: '' };

  it('is stratifiedDesign of the same rows', () => {
    const strataItems = items.map((item, k) => ({ ...item, stratum: k % 3 === 0 ? 'app' : 'web' }));
    const frame = frameFromObjects({ manifest, items: strataItems }, run);
    expect(samplingDesign(frame, method, null)).toEqual(stratifiedDesign(strataItems, manifest.strata ?? {}));
    const rows = Int32Array.from([0, 2, 3]);
    expect(samplingDesign(frame, method, rows)).toEqual(stratifiedDesign([...rows].map((i) => strataItems[i] ?? { id: '' }), manifest.strata ?? {}));
  });

  it('names the same rows without a declared stratum', () => {
    // b names a stratum the manifest does not declare, e has none
    const strataItems = items.map(({ stratum: _s, ...item }, k) => (k === 4 ? item : { ...item, stratum: k === 1 ? 'mobile' : 'web' }));
    const frame = frameFromObjects({ manifest, items: strataItems }, run);
    const problems = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof InputError ? error.problems : error;
      }
      return undefined;
    };
    const expected = problems(() => stratifiedDesign(strataItems, manifest.strata ?? {}));
    expect(expected).toHaveLength(2);
    expect(problems(() => samplingDesign(frame, method, null))).toEqual(expected);
  });
});
