import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { InputError } from '../../../domain/problems.js';
import type { Candidate } from '../../../domain/run/candidate.js';
import { zodProblems } from '../../../domain/zod-problems.js';
import { parseJsonText } from '../../formats/json-text.js';
import { packageRoot } from '../../package-root.js';
import { fingerprintOf } from '../fingerprint.js';
import { createNaiveBayesScorer, NaiveBayesModelSchema } from './naive-bayes-model.js';
import { rulesDefinition, scoreRules } from './rules.js';
import { createScoringCandidate } from './scoring-candidate.js';

/** Baselines that need nothing outside the package, so that the main job runs offline. */
export const BUILTIN_NAMES = ['naive-bayes', 'rules'] as const;
export type BuiltinName = (typeof BUILTIN_NAMES)[number];

export interface BuiltinCandidateSpec {
  id: string;
  name: BuiltinName;
  /** Positive when score >= threshold; default 0.5. */
  threshold?: number;
  /** naive-bayes only: a model file other than the shipped models/naive-bayes-v1.json (absolute, or relative to the working directory). */
  modelPath?: string;
}

export const DEFAULT_THRESHOLD = 0.5;

/** The shipped model, inside the installed package. */
export function defaultNaiveBayesModelPath(): string {
  return join(packageRoot(), 'models', 'naive-bayes-v1.json');
}

async function createNaiveBayes(spec: BuiltinCandidateSpec, threshold: number): Promise<Candidate> {
  const path = spec.modelPath === undefined ? defaultNaiveBayesModelPath() : resolve(spec.modelPath);
  let json: string;
  try {
    json = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InputError({ file: path, message: `cannot read the naive-Bayes model: ${reason}` });
  }
  const data = parseJsonText(json, path);
  if (!data.ok) throw new InputError({ ...data.problem, hint: 'train one with `npx tsx scripts/train-baseline.ts`' });
  const parsed = NaiveBayesModelSchema.safeParse(data.value);
  if (!parsed.success) throw new InputError(zodProblems(parsed.error, { file: path }));
  const scorer = createNaiveBayesScorer(parsed.data);
  return createScoringCandidate({
    id: spec.id,
    // The file bytes, not the parsed model: any edit to the file is a different candidate.
    fingerprint: fingerprintOf({
      type: 'builtin',
      name: 'naive-bayes',
      model: createHash('sha256').update(json).digest('hex'),
      threshold,
    }),
    threshold,
    labels: parsed.data.labels,
    score: (item) => ({ score: scorer.score(item.text) }),
  });
}

export async function createBuiltinCandidate(spec: BuiltinCandidateSpec): Promise<Candidate> {
  const threshold = spec.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
    throw new InputError({ field: 'threshold', message: `must be a number from 0 to 1, got ${threshold}` });
  }
  switch (spec.name) {
    case 'naive-bayes':
      return createNaiveBayes(spec, threshold);
    case 'rules':
      if (spec.modelPath !== undefined) {
        throw new InputError({ field: 'modelPath', message: 'builtin:rules takes no model file', hint: 'remove modelPath' });
      }
      return createScoringCandidate({
        id: spec.id,
        fingerprint: fingerprintOf({ type: 'builtin', name: 'rules', rules: rulesDefinition(), threshold }),
        threshold,
        labels: { positive: 'spam', negative: 'not_spam' },
        score: scoreRules,
      });
    default: {
      // Unreachable for typed callers; a plain-JS caller or an unchecked config can still get here.
      const name: string = spec.name;
      throw new InputError({ field: 'name', message: `unknown builtin candidate '${name}'`, hint: `use one of: ${BUILTIN_NAMES.join(', ')}` });
    }
  }
}
