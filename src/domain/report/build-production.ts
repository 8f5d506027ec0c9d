import { binaryConfusion } from '../metrics/confusion.js';
import { clopperPearsonUpper } from '../metrics/intervals.js';
import {
  correctForPrevalence,
  falsePositivesPerDay,
  stratifiedDesign,
  weightedClassification,
  weightedDesign,
  type SamplingDesign,
} from '../metrics/prevalence.js';
import { answeredItems, type JoinedItem, type ReportGolden } from './join-run.js';
import { reportEstimate } from './report-estimate.js';
import type { Report, ReportSettings } from './report-schema.js';

/**
 * How the golden set maps to production (METHODS §5): a stated `--prevalence` wins (the user
 * asked for it), then the set's own strata or item weights, then the suite's stated prevalence.
 */
export type ProductionMethod =
  | { kind: 'weights'; design: (items: readonly JoinedItem[]) => SamplingDesign; description: string }
  | { kind: 'prevalence'; prevalence: number; source: 'flag' | 'run' }
  | { kind: 'none'; reason: string };

export function productionMethod(golden: ReportGolden, items: readonly JoinedItem[], settings: ReportSettings): ProductionMethod {
  const stated = settings.prevalence;
  if (stated.value !== null && stated.source === 'flag') return { kind: 'prevalence', prevalence: stated.value, source: 'flag' };
  const strata = golden.manifest.strata;
  if (strata !== undefined && Object.keys(strata).length > 0) {
    return {
      kind: 'weights',
      design: (subset) => stratifiedDesign(subset.map((entry) => entry.item), strata),
      description: 'the golden set\'s strata (inverse-probability weights N_h/n_h)',
    };
  }
  if (items.some((entry) => entry.item.weight !== undefined)) {
    return {
      kind: 'weights',
      design: (subset) => weightedDesign(subset.map((entry) => entry.item.weight ?? 1)),
      description: 'the items\' sampling weights',
    };
  }
  if (stated.value !== null) return { kind: 'prevalence', prevalence: stated.value, source: 'run' };
  return {
    kind: 'none',
    reason:
      'the golden set has no strata or weights and no production prevalence was stated (suite operating.prevalence or --prevalence)',
  };
}

const perDay = (volume: number | null, share: number | null): number | null =>
  volume === null || share === null ? null : volume * share;

export function buildProduction(
  method: ProductionMethod,
  items: readonly JoinedItem[],
  settings: ReportSettings,
): Report['production'] {
  const volume = settings.operating.volume_per_day;
  const confidence = settings.confidence;
  const answered = answeredItems(items);
  const gold = answered.map((entry) => entry.goldPositive);
  const decided = answered.map((entry) => entry.outcome.predictedPositive);
  if (method.kind === 'none' || answered.length === 0) {
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
    const weighted = weightedClassification(gold, decided, method.design(answered), confidence);
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
  const counts = binaryConfusion(gold, decided);
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
