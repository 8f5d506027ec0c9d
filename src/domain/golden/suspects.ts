import { averageScores, findLabelIssues, type ConfidentLearningResult } from '../metrics/confident-learning.js';
import type { Maybe } from '../metrics/estimate.js';
import type { Item } from './schema.js';

/**
 * Items whose gold label is probably wrong (METHODS §8), from candidates' scores on the set.
 * The candidates' P(positive) are averaged per item (an ensemble; a candidate without a score
 * for an item is left out of that item's mean), then confident learning flags and ranks the
 * items, lowest self-confidence first. Each suspect also says which candidates flag it on their
 * own, and `minRuns` keeps only suspects that at least that many candidates flag by themselves
 * (the "≥ 2 models agree" variant). The taxonomy is reduced to positive vs. the rest.
 */

export interface CandidateScores {
  candidate: string;
  /** Item id → P(positive); items without a score are absent. */
  scores: ReadonlyMap<string, number>;
}

export interface Suspect {
  rank: number;
  id: string;
  label: string;
  /** The ensemble's P(positive). */
  score: number;
  /** P(gold label) under the ensemble: the lower, the more suspect. */
  selfConfidence: number;
  /** Candidates whose own scores flag the item. */
  flaggedBy: string[];
  scores: Record<string, number | null>;
}

export interface SuspectsResult {
  ensemble: Omit<ConfidentLearningResult, 'issues'>;
  suspects: Suspect[];
  /** Per candidate: how many items its scores alone flag, or why it cannot say. */
  candidates: { candidate: string; scored: number; flagged: number | null; reason?: string }[];
  minRuns: number;
}

export function findSuspects(
  items: readonly Item[],
  positive: string,
  runs: readonly CandidateScores[],
  minRuns = 1,
): Maybe<SuspectsResult> {
  if (runs.length === 0) return { value: null, reason: 'no run given' };
  const perRun = runs.map((run) => items.map((item) => run.scores.get(item.id) ?? null));
  const toCl = (scores: readonly (number | null)[]) =>
    items.map((item, index) => ({ id: item.id, positive: item.label === positive, score: scores[index] ?? null }));
  const ensemble = findLabelIssues(toCl(averageScores(perRun)));
  if (ensemble.value === null) return { value: null, reason: ensemble.reason };
  const flaggedBy = new Map<string, string[]>();
  const candidates = runs.map((run, k) => {
    const own = findLabelIssues(toCl(perRun[k] ?? []));
    const scored = run.scores.size;
    if (own.value === null) return { candidate: run.candidate, scored, flagged: null, reason: own.reason };
    for (const issue of own.value.issues) {
      const id = issue.id ?? '';
      flaggedBy.set(id, [...(flaggedBy.get(id) ?? []), run.candidate]);
    }
    return { candidate: run.candidate, scored, flagged: own.value.issues.length };
  });
  const { issues, ...summary } = ensemble.value;
  const suspects = issues
    .map((issue) => {
      const item = items[issue.index];
      const id = item?.id ?? '';
      return {
        id,
        label: item?.label ?? '',
        score: issue.score,
        selfConfidence: issue.selfConfidence,
        flaggedBy: flaggedBy.get(id) ?? [],
        scores: Object.fromEntries(runs.map((run) => [run.candidate, run.scores.get(id) ?? null])),
      };
    })
    .filter((suspect) => suspect.flaggedBy.length >= minRuns)
    .map((suspect, k) => ({ rank: k + 1, ...suspect }));
  return { value: { ensemble: summary, suspects, candidates, minRuns } };
}
