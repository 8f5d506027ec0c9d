import type { Item } from '../../../domain/golden/schema.js';
import type { Candidate, CandidateAnswer } from '../../../domain/run/candidate.js';

/** The logistic function, computed without overflow on either side; never NaN for a number. */
export function logistic(x: number): number {
  if (Number.isNaN(x)) throw new RangeError('logistic of NaN');
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

export interface Scored {
  /** P(positive | item), in [0, 1]. */
  score: number;
  rationale?: string;
}

export interface ScoringCandidateOptions {
  id: string;
  fingerprint: string;
  /** Positive when `score >= threshold` (METHODS.md: ≥ everywhere). */
  threshold: number;
  labels: { positive: string; negative: string };
  score: (item: Item) => Scored;
}

/**
 * A local, free, synchronous candidate: a score function and a threshold. Answers are not cached
 * (`cacheable: false`): scoring again costs less than a cache lookup.
 */
export function createScoringCandidate(options: ScoringCandidateOptions): Candidate {
  return {
    id: options.id,
    fingerprint: options.fingerprint,
    cacheable: false,
    // async, so that an aborted signal rejects the promise rather than throwing at the call
    async classify(item: Item, signal: AbortSignal): Promise<CandidateAnswer> {
      signal.throwIfAborted();
      const { score, rationale } = options.score(item);
      const label = score >= options.threshold ? options.labels.positive : options.labels.negative;
      return { prediction: { label, score, ...(rationale ? { rationale } : {}) } };
    },
  };
}
