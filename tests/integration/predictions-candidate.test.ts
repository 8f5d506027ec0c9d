import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPredictionsCandidate } from '../../src/adapters/candidates/predictions-candidate.js';
import { loadGoldenSet, type GoldenSet } from '../../src/adapters/stores/golden-store.js';
import { PredictionsCandidateSchema } from '../../src/config/candidate-schemas.js';
import { InputError, type Problem } from '../../src/domain/problems.js';
import { runItems, TASK } from './run-helpers.js';

const DIR = join(import.meta.dirname, '../../fixtures/run-predictions');
let golden: GoldenSet;
let scratch: string;

beforeAll(async () => {
  golden = await loadGoldenSet(join(DIR, 'golden-sets/mini/1.0.0'), []);
  scratch = mkdtempSync(join(tmpdir(), 'spameval-predictions-'));
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function create(overrides: Record<string, unknown>) {
  const config = PredictionsCandidateSchema.parse({ id: 'vendor', type: 'predictions', ...overrides });
  return createPredictionsCandidate(config, { task: TASK, items: golden.items });
}

async function problemsOf(promise: Promise<unknown>): Promise<Problem[]> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof InputError)) throw new Error(`expected an InputError, got ${String(error)}`);
  return [...error.problems];
}

describe('predictions candidate', () => {
  it('reads a vendor CSV through a column and label mapping, and reports ids missing from the file', async () => {
    const candidate = await create({
      path: join(DIR, 'vendor.csv'),
      columns: { id: 'item_id', label: 'decision', score: 'confidence', category: 'subtype' },
      label_map: { SPAM: 'spam', OK: 'not_spam' },
    });
    const { sink } = await runItems(candidate, golden.items);
    expect(sink.byId('m1')).toMatchObject({ status: 'ok', prediction: { label: 'spam', score: 0.95, category: 'promo' } });
    expect(sink.byId('m2')).toMatchObject({ status: 'ok', prediction: { label: 'not_spam', score: 0.1 } });
    expect(sink.byId('m2')).not.toHaveProperty('prediction.category');
    expect(sink.byId('m5')).toMatchObject({ status: 'ok', prediction: { label: 'not_spam', score: 0.4 } });
    // m6 has no row: an error that says so, attempted once, never a silent negative
    expect(sink.byId('m6')).toEqual({
      id: 'm6',
      status: 'error',
      error: { kind: 'invalid_output', message: 'missing: no decision for this item in vendor.csv' },
      attempts: 1,
      latencyMs: expect.any(Number),
    });
  });

  it('reads JSONL, and TSV scores decided at the threshold (score ≥ threshold is spam)', async () => {
    const jsonl = await create({ path: join(DIR, 'decisions.jsonl') });
    const fromJsonl = await runItems(jsonl, golden.items);
    expect(fromJsonl.sink.byId('m3')).toMatchObject({ prediction: { label: 'spam', score: 0.81, category: 'phishing' } });
    expect(fromJsonl.result.errors).toBe(0);

    const scores = await create({ path: join(DIR, 'scores.tsv'), columns: { id: 'id', score: 'p_spam' }, threshold: 0.5 });
    const fromScores = await runItems(scores, golden.items);
    const labels = Object.fromEntries(
      fromScores.sink.records.map((record) => [record.id, record.status === 'ok' ? record.prediction.label : record.status]),
    );
    // 0.91 ≥ .5, 0.49 < .5, 0.5 ≥ .5 (≥, as everywhere), 0.01, 0.75, 0.2
    expect(labels).toEqual({ m1: 'spam', m2: 'not_spam', m3: 'spam', m4: 'not_spam', m5: 'spam', m6: 'not_spam' });
  });

  it('rejects the whole file with every bad row located by file, line and column', async () => {
    const file = join(DIR, 'bad.csv');
    const problems = await problemsOf(
      create({ path: file, columns: { id: 'item_id', label: 'decision', score: 'confidence' }, label_map: { SPAM: 'spam', OK: 'not_spam' } }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ file, line: 3, field: 'decision (column 2)', message: "label 'MAYBE' is not one of spam, not_spam" }),
      expect.objectContaining({ file, line: 4, field: 'confidence (column 3)', message: "score 'high' is not a number" }),
      expect.objectContaining({ file, line: 5, field: 'item_id', message: "id 'm9' is not in the golden set" }),
      expect.objectContaining({ file, line: 6, field: 'item_id', message: "id 'm1' appears twice (first on line 2)" }),
    ]);
  });

  it('names a missing column, a malformed line and an unknown category', async () => {
    const csv = join(DIR, 'vendor.csv');
    const noColumn = await problemsOf(create({ path: csv, columns: { id: 'id', label: 'decision' } }));
    expect(noColumn).toEqual([expect.objectContaining({ file: csv, line: 1, message: "no column 'id' in the header" })]);

    const jsonl = join(scratch, 'broken.jsonl');
    writeFileSync(jsonl, '{"id":"m1","label":"spam"}\n{"id":"m2","label":\n{"id":"m3","label":"spam","category":"crypto"}\n');
    const broken = await problemsOf(create({ path: jsonl }));
    expect(broken).toEqual([
      expect.objectContaining({ file: jsonl, line: 2, message: expect.stringMatching(/^invalid JSON/) }),
      expect.objectContaining({ file: jsonl, line: 3, field: 'category', message: "unknown category 'crypto'" }),
    ]);

    const ragged = join(scratch, 'ragged.csv');
    writeFileSync(ragged, 'id,label\nm1,spam\nm2,not_spam,extra\n');
    expect(await problemsOf(create({ path: ragged }))).toEqual([
      expect.objectContaining({ file: ragged, line: 3, message: 'the row has 3 columns, the header 2' }),
    ]);
  });
});
