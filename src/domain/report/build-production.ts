import { cellCode } from '../metrics/confusion.js';
import { clopperPearsonUpper } from '../metrics/intervals.js';
import {
  correctForPrevalence,
  falsePositivesPerDay,
  weightedClassification,
  stratifiedDesignOf,
  weightedDesign,
  type SamplingDesign,
} from '../metrics/prevalence.js';
import { addCell } from './build-classification.js';
import { ROW_OK, type ReportFrame } from './report-frame.js';
import { reportEstimate } from './report-estimate.js';
import type { Report, ReportSettings } from './report-schema.js';

/**
 * How the golden set maps to production (METHODS §5): a stated `--prevalence` wins (the user
 * asked for it), then the set's own strata or item weights, then the suite's stated prevalence.
 */
export type ProductionMethod =
  | { kind: 'weights'; weights: 'strata' | 'items'; description: string }
  | { kind: 'prevalence'; prevalence: number; source: 'flag' | 'run' }
  | { kind: 'none'; reason: string };

export function productionMethod(frame: ReportFrame, settings: ReportSettings): ProductionMethod {
  const stated = settings.prevalence;
  if (stated.value !== null && stated.source === 'flag') return { kind: 'prevalence', prevalence: stated.value, source: 'flag' };
  const strata = frame.manifest.strata;
  if (strata !== undefined && Object.keys(strata).length > 0) {
    return { kind: 'weights', weights: 'strata', description: 'the golden set\'s strata (inverse-probability weights N_h/n_h)' };
  }
  if (frame.weight !== null) return { kind: 'weights', weights: 'items', description: 'the items\' sampling weights' };
  if (stated.value !== null) return { kind: 'prevalence', prevalence: stated.value, source: 'run' };
  return {
    kind: 'none',
    reason:
      'the golden set has no strata or weights and no production prevalence was stated (suite operating.prevalence or --prevalence)',
  };
}

/** The sampling design of some rows (all when `rows` is null), in their order. */
export function samplingDesign(
  frame: ReportFrame,
  method: Extract<ProductionMethod, { kind: 'weights' }>,
  rows: Int32Array | null,
): SamplingDesign {
  const count = rows === null ? frame.rows : rows.length;
  const rowAt = (j: number): number => (rows === null ? j : (rows[j] ?? 0));
  const strata = frame.manifest.strata;
  if (method.weights === 'strata' && strata !== undefined) {
    // the stratum column read by row: no object per item
    const stratumAt = (j: number): string | undefined => {
      const s = frame.stratum?.[rowAt(j)] ?? -1;
      return s < 0 ? undefined : frame.stratumNames[s];
    };
    return stratifiedDesignOf(count, stratumAt, (j) => frame.id(rowAt(j)), strata);
  }
  const weights = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const w = frame.weight?.[rowAt(j)] ?? Number.NaN;
    weights[j] = Number.isNaN(w) ? 1 : w;
  }
  return weightedDesign(weights);
}

const perDay = (volume: number | null, share: number | null): number | null =>
  volume === null || share === null ? null : volume * share;

export function buildProduction(method: ProductionMethod, frame: ReportFrame, settings: ReportSettings): Report['production'] {
  const volume = settings.operating.volume_per_day;
  const confidence = settings.confidence;
  const { rows, status, goldPositive, predictedPositive } = frame;
  const counts = { tp: 0, fp: 0, fn: 0, tn: 0 };
  let answered = 0;
  for (let i = 0; i < rows; i++) {
    if (status[i] !== ROW_OK) continue;
    answered += 1;
    addCell(counts, cellCode(goldPositive[i] === 1, predictedPositive[i] === 1));
  }
  if (method.kind === 'none' || answered === 0) {
    const reason = method.kind === 'none' ? method.reason : 'no answered items';
    const none = { value: null, reason };
    return {
      available: false,
      reason,
      method: null,
      prevalence: null,
      prevalence_source: null,
      precision: none,
      precision_bound: null,
      recall: none,
      fpr: none,
      false_omission_rate: none,
      accuracy: none,
      volume_per_day: volume,
      false_positives_per_day: null,
      false_positives_per_day_upper: null,
      true_positives_per_day: null,
    };
  }
  if (method.kind === 'weights') {
    // weightedClassification takes arrays of booleans: the answered rows' gold and decisions
    const answeredRows = new Int32Array(answered);
    const gold = new Array<boolean>(answered);
    const decided = new Array<boolean>(answered);
    for (let i = 0, a = 0; i < rows; i++) {
      if (status[i] !== ROW_OK) continue;
      answeredRows[a] = i;
      gold[a] = goldPositive[i] === 1;
      decided[a] = predictedPositive[i] === 1;
      a += 1;
    }
    const weighted = weightedClassification(gold, decided, samplingDesign(frame, method, answeredRows), confidence);
    const fpPerDay = volume === null ? null : falsePositivesPerDay(weighted.falsePositiveShare, volume);
    const prevalence = weighted.prevalence.value;
    const recall = weighted.recall.value;
    return {
      available: true,
      method: 'weights',
      prevalence,
      prevalence_source: 'golden_set',
      precision: reportEstimate(weighted.precision),
      precision_bound: null,
      recall: reportEstimate(weighted.recall),
      fpr: reportEstimate(weighted.falsePositiveRate),
      false_omission_rate: reportEstimate(weighted.falseOmissionRate),
      accuracy: reportEstimate(weighted.accuracy),
      volume_per_day: volume,
      false_positives_per_day: fpPerDay?.value ?? null,
      false_positives_per_day_upper: fpPerDay?.ci?.high ?? null,
      true_positives_per_day: perDay(volume, prevalence === null || recall === null ? null : prevalence * recall),
    };
  }
  const corrected = correctForPrevalence(counts, {
    prevalence: method.prevalence,
    confidence,
    ...(volume === null ? {} : { perItems: volume }),
  });
  const pi = method.prevalence;
  const negatives = counts.fp + counts.tn;
  // one-sided upper bound of FPR at the display confidence, for the pessimistic FP/day
  const fprUpper = negatives > 0 ? clopperPearsonUpper(counts.fp, negatives, confidence) : null;
  const tpr = corrected.tpr.value;
  return {
    available: true,
    method: 'prevalence',
    prevalence: pi,
    prevalence_source: method.source,
    precision: reportEstimate(corrected.precision),
    precision_bound: {
      value: corrected.precisionLowerBound.value,
      side: 'lower',
      confidence,
      method: 'bonferroni-clopper-pearson',
      ...(corrected.precisionLowerBound.value === null ? { reason: corrected.precisionLowerBound.reason ?? 'undefined' } : {}),
    },
    recall: reportEstimate(corrected.tpr),
    fpr: reportEstimate(corrected.fpr),
    false_omission_rate: reportEstimate(corrected.falseOmissionRate),
    accuracy: reportEstimate(corrected.accuracy),
    volume_per_day: volume,
    false_positives_per_day: volume === null ? null : corrected.falsePositivesPerItems.value.value,
    false_positives_per_day_upper: perDay(volume, fprUpper === null ? null : (1 - pi) * fprUpper),
    true_positives_per_day: perDay(volume, tpr === null ? null : pi * tpr),
  };
}
