import type { PartitionOptions } from './partition-corpus.js';

/**
 * The one definition of the shipped set's draw, shared by build-golden-set.ts and
 * train-baseline.ts: changing it changes both the golden set and the baseline's training data.
 */

/** Item texts are cut here: long enough for any reviewer judgement, short enough for an LLM prompt. */
export const TEXT_CAP = 4000;

export const GOLDEN_PARTITION: PartitionOptions = {
  seed: 20021010,
  // 30% of each group, and all hard ham: the gray area is what a golden set is short of.
  fractions: { 'easy-ham-1': 0.3, 'easy-ham-2': 0.3, 'hard-ham-1': 1, 'spam-1': 0.3, 'spam-2': 0.3 },
};
