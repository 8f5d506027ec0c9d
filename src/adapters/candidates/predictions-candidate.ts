import { basename } from 'node:path';
import type { PredictionsCandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import { CandidateCallError, type Candidate, type TaskContext } from '../../domain/run/candidate.js';
import { fileDigest, fingerprintOf } from './fingerprint.js';
import { readPredictionsFile } from './read-predictions-file.js';

export interface PredictionsCandidateContext {
  task: TaskContext;
  items: readonly Item[];
}

/**
 * Decisions already made — production logs, an outsourced vendor's human reviewers, another
 * tool's output — read once and checked whole before the run starts (a bad row is exit 2). An
 * item of the golden set with no decision in the file is recorded as an `invalid_output` error
 * whose message starts with "missing", so it lowers coverage instead of vanishing.
 */
export async function createPredictionsCandidate(
  config: PredictionsCandidateConfig,
  context: PredictionsCandidateContext,
): Promise<Candidate> {
  const decisions = await readPredictionsFile(config, context.task, context.items);
  const name = basename(config.path);
  return {
    id: config.id,
    fingerprint: fingerprintOf({
      type: 'predictions',
      file: fileDigest(config.path),
      format: config.format ?? null,
      columns: config.columns,
      label_map: config.label_map ?? null,
      threshold: config.threshold ?? null,
      labels: context.task.labels,
    }),
    cacheable: false,
    classify(item) {
      const prediction = decisions.get(item.id);
      if (prediction === undefined) {
        return Promise.reject(new CandidateCallError('invalid_output', `missing: no decision for this item in ${name}`, { retryable: false }));
      }
      return Promise.resolve({ prediction });
    },
  };
}
