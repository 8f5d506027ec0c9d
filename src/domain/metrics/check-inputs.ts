/**
 * Argument checks shared by the metric functions. A metric handed arrays of different lengths
 * or a negative weight has been called wrongly — that is a programming error (RangeError), not
 * a property of the data, so it throws instead of returning null.
 */

export function checkSameLength(what: string, expected: number, actual: ArrayLike<unknown> | undefined): void {
  if (actual !== undefined && actual.length !== expected) {
    throw new RangeError(`${what} has ${actual.length} entries, expected ${expected}`);
  }
}

/** sklearn `sample_weight` semantics: finite and ≥ 0 (0 removes an item). */
export function checkWeights(weights: ArrayLike<number> | undefined, n: number): void {
  if (weights === undefined) return;
  checkSameLength('weights', n, weights);
  for (let i = 0; i < n; i++) {
    const w = weights[i];
    if (w === undefined || !Number.isFinite(w) || w < 0) {
      throw new RangeError(`weight ${i} must be a finite number ≥ 0, got ${w}`);
    }
  }
}

export function checkScores(scores: ArrayLike<number>, probabilities: boolean): void {
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (s === undefined || !Number.isFinite(s) || (probabilities && (s < 0 || s > 1))) {
      throw new RangeError(`score ${i} must be a ${probabilities ? 'probability in [0, 1]' : 'finite number'}, got ${s}`);
    }
  }
}

/**
 * Gold (or decided) positives of a binary evaluation: booleans, or 0/1 bytes — the form a
 * columnar report frame holds, so a million rows need no array of booleans built from it.
 */
export type BinaryLabels = ArrayLike<boolean> | Uint8Array;

/** Whether entry `i` of binary labels is positive (true, or 1). */
export function isPositiveAt(labels: BinaryLabels, i: number): boolean {
  const v = labels[i];
  return v === true || v === 1;
}

/** Checks gold/score/weight arrays of one binary evaluation. */
export function checkBinaryScored(
  gold: BinaryLabels,
  scores: ArrayLike<number>,
  weights: ArrayLike<number> | undefined,
  probabilities: boolean,
): void {
  checkSameLength('scores', gold.length, scores);
  checkWeights(weights, gold.length);
  checkScores(scores, probabilities);
}
