import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createModuleCandidate } from '../../src/adapters/candidates/module-candidate.js';
import { ModuleCandidateSchema } from '../../src/config/candidate-schemas.js';
import { InputError } from '../../src/domain/problems.js';
import { makeItem, runItems, TASK } from './run-helpers.js';

const DIR = join(import.meta.dirname, '../../fixtures/run-module');

function config(overrides: Record<string, unknown> = {}) {
  return ModuleCandidateSchema.parse({ id: 'my-module', type: 'module', path: join(DIR, 'classify.mjs'), ...overrides });
}

describe('module candidate', () => {
  it('calls the exported classify with the item and the task, and checks what it returns', async () => {
    const candidate = await createModuleCandidate(config({ options: { threshold: 0.9 } }), { task: TASK });
    const { sink } = await runItems(candidate, [
      makeItem('a', 'win a free prize'),
      makeItem('b', 'plain'),
      makeItem('c', 'refuse'),
      makeItem('d', 'nonsense'),
      makeItem('e', 'crash'),
    ]);
    // options reach the module: at threshold 0.9 a 0.8 score is not spam
    expect(sink.byId('a')).toMatchObject({ status: 'ok', prediction: { label: 'not_spam', score: 0.8, rationale: 'labels: spam|not_spam' } });
    // a bare label string is accepted
    expect(sink.byId('b')).toMatchObject({ status: 'ok', prediction: { label: 'spam' } });
    // an error with a known `kind` keeps it
    expect(sink.byId('c')).toMatchObject({ status: 'error', error: { kind: 'refused', message: 'the policy model declined' } });
    expect(sink.byId('d')).toMatchObject({ status: 'error', error: { kind: 'invalid_output', message: 'returned 42, not a prediction' } });
    // a plain exception is a bug in the module: recorded once, not retried
    expect(sink.byId('e')).toMatchObject({
      status: 'error',
      attempts: 1,
      error: { kind: 'transport', message: "classify threw: Cannot read properties of undefined (reading 'length')" },
    });
  });

  it('calls the module’s close() at the end', async () => {
    const candidate = await createModuleCandidate(config(), { task: TASK });
    const loaded: unknown = await import(join(DIR, 'classify.mjs'));
    await candidate.close?.();
    expect(loaded).toMatchObject({ closed: true });
  });

  it('loads a TypeScript module', async () => {
    const candidate = await createModuleCandidate(config({ path: join(DIR, 'classify-ts.ts') }), { task: TASK });
    const answer = await candidate.classify(makeItem('t', 'win big'), new AbortController().signal);
    expect(answer.prediction).toEqual({ label: 'spam', score: 0.75 });
  });

  it('is an input error when the export is missing or the module does not load', async () => {
    await expect(createModuleCandidate(config({ export: 'predict' }), { task: TASK })).rejects.toThrow(
      /has no function export 'predict'/,
    );
    await expect(createModuleCandidate(config({ path: join(DIR, 'missing.mjs') }), { task: TASK })).rejects.toThrow(InputError);
  });
});
