import type { Stratum } from '../golden/schema.js';
import { InputError } from '../problems.js';
import type { ConfusionCounts } from './confusion.js';
import { undefinedEstimate, type Estimate } from './estimate.js';
import {
  clopperPearsonInterval,
  clopperPearsonLower,
  clopperPearsonUpper,
  kishEffectiveSize,
  normalQuantile,
} from './intervals.js';

/**
 * From a golden set to production (METHODS §5). Two routes:
 * (a) a label-stratified set and a stated production prevalence π: TPR and FPR are unbiased, the
 *     rest follows by Bayes' rule (§5.2);
 * (b) a set sampled by strata with known populations: inverse-probability weights N_h/n_h, every
 *     ratio metric a ratio of weighted totals, linearized variance and a Korn–Graubard interval
 *     (§5.3, §2.2).
 */

// ---------------------------------------------------------------------------------------------
// (a) stated prevalence
// ---------------------------------------------------------------------------------------------

export interface StatedPrevalenceOptions {
  /** Production share of the positive label, in (0, 1). */
  prevalence: number;
  /** Two-sided level of the Mercaldo interval and coverage of the bounds; 0.95 unless told. */
  confidence?: number;
  /** Report false positives per this many production items; 1 000 000 unless told. */
  perItems?: number;
}

export interface StatedPrevalenceResult {
  prevalence: number;
  confidence: number;
  tpr: Estimate;
  fpr: Estimate;
  /** PPV(π), with the Mercaldo, Lau & Zhou (2007) logit interval when TP > 0 and FP > 0. */
  precision: Estimate;
  /** PPV from CP TPR_L and FPR_U, each one-sided at 1 − δ/2: coverage ≥ 1 − δ (for gates). */
  precisionLowerBound: Estimate;
  npv: Estimate;
  falseOmissionRate: Estimate;
  /** FOR from CP FNR_U and TNR_L, each one-sided at 1 − δ/2: coverage ≥ 1 − δ. */
  falseOmissionRateUpperBound: Estimate;
  accuracy: Estimate;
  falsePositivesPerItems: { items: number; value: Estimate };
}

const ppvAt = (pi: number, tpr: number, fpr: number): number | null => {
  const den = pi * tpr + (1 - pi) * fpr;
  return den === 0 ? null : (pi * tpr) / den;
};
const forAt = (pi: number, fnr: number, tnr: number): number | null => {
  const den = pi * fnr + (1 - pi) * tnr;
  return den === 0 ? null : (pi * fnr) / den;
};
const known = (value: number | null, reason: string): Estimate => (value === null ? { value: null, reason } : { value });

/** `counts`: unweighted counts on the label-stratified golden set (positive = the enforced label). */
export function correctForPrevalence(counts: ConfusionCounts, options: StatedPrevalenceOptions): StatedPrevalenceResult {
  const { tp, fn, fp, tn } = counts;
  const pi = options.prevalence;
  const confidence = options.confidence ?? 0.95;
  const perItems = options.perItems ?? 1_000_000;
  if (!(pi > 0 && pi < 1)) throw new RangeError(`prevalence must lie strictly between 0 and 1, got ${pi}`);
  const n1 = tp + fn;
  const n0 = fp + tn;
  const noPositives = 'no gold positives: TPR is undefined';
  const noNegatives = 'no gold negatives: FPR is undefined';
  const missing = n1 === 0 ? noPositives : n0 === 0 ? noNegatives : null;
  const tprEstimate: Estimate = n1 === 0 ? undefinedEstimate(noPositives) : { value: tp / n1, numerator: tp, denominator: n1 };
  const fprEstimate: Estimate = n0 === 0 ? undefinedEstimate(noNegatives) : { value: fp / n0, numerator: fp, denominator: n0 };
  const base = { prevalence: pi, confidence, tpr: tprEstimate, fpr: fprEstimate };
  if (missing !== null) {
    const u = undefinedEstimate(missing);
    return {
      ...base,
      precision: u,
      precisionLowerBound: u,
      npv: u,
      falseOmissionRate: u,
      falseOmissionRateUpperBound: u,
      accuracy: u,
      falsePositivesPerItems: { items: perItems, value: n0 === 0 ? u : { value: perItems * (1 - pi) * (fp / n0) } },
    };
  }
  const tpr = tp / n1;
  const fpr = fp / n0;
  const ppv = ppvAt(pi, tpr, fpr);
  const precision = known(ppv, 'the classifier flags nothing (TPR = FPR = 0)');
  if (ppv !== null && tp > 0 && fp > 0) {
    const z = normalQuantile(1 - (1 - confidence) / 2);
    const logit = Math.log((pi * tpr) / ((1 - pi) * fpr));
    const se = Math.sqrt((1 - tpr) / (n1 * tpr) + (1 - fpr) / (n0 * fpr));
    const expit = (x: number): number => 1 / (1 + Math.exp(-x));
    precision.ci = { low: expit(logit - z * se), high: expit(logit + z * se), confidence, method: 'mercaldo-logit' };
  }
  // Bonferroni: each one-sided bound at 1 − δ/2, so both hold jointly with probability ≥ 1 − δ.
  const sideConfidence = 1 - (1 - confidence) / 2;
  const tprLower = clopperPearsonLower(tp, n1, sideConfidence);
  const fprUpper = clopperPearsonUpper(fp, n0, sideConfidence);
  const forValue = forAt(pi, 1 - tpr, 1 - fpr);
  const npvDen = (1 - pi) * (1 - fpr) + pi * (1 - tpr);
  const noClears = 'the classifier clears nothing (TPR = FPR = 1)';
  return {
    ...base,
    precision,
    precisionLowerBound: known(ppvAt(pi, tprLower, fprUpper), 'TPR and FPR bounds are both 0'),
    npv: known(npvDen === 0 ? null : ((1 - pi) * (1 - fpr)) / npvDen, noClears),
    falseOmissionRate: known(forValue, noClears),
    falseOmissionRateUpperBound: known(forAt(pi, 1 - tprLower, 1 - fprUpper), 'FNR and TNR bounds are both 0'),
    accuracy: { value: pi * tpr + (1 - pi) * (1 - fpr) },
    falsePositivesPerItems: { items: perItems, value: { value: perItems * (1 - pi) * fpr } },
  };
}

// ---------------------------------------------------------------------------------------------
// (b) per-stratum inverse-probability weights
// ---------------------------------------------------------------------------------------------

/** Stratified simple random sampling without replacement: stratum of each item and N_h, n_h. */
export interface StratifiedDesign {
  kind: 'stratified';
  stratumOf: Int32Array;
  strata: { name: string; population: number; sample: number }[];
  /** w_i = N_h / n_h. */
  weights: Float64Array;
}

/** Item weights without strata (or none: all 1): intervals fall back to Kish's n_eff. */
export interface WeightedDesign {
  kind: 'weighted';
  weights: Float64Array;
}

export type SamplingDesign = StratifiedDesign | WeightedDesign;

/**
 * The stratified design from each item's `stratum` and the manifest's `strata`; every item
 * must name a declared stratum. n_h is counted from the items, not read from the manifest.
 */
export function stratifiedDesign(
  items: readonly { id?: string; stratum?: string | undefined }[],
  strata: Readonly<Record<string, Stratum>>,
): StratifiedDesign {
  return stratifiedDesignOf(items.length, (i) => items[i]?.stratum, (i) => items[i]?.id ?? i, strata);
}

/**
 * `stratifiedDesign` of `count` items given by accessors (item i's stratum name and how a
 * problem names it), for a caller that holds its items column by column.
 */
export function stratifiedDesignOf(
  count: number,
  stratumAt: (i: number) => string | undefined,
  idAt: (i: number) => string | number,
  strata: Readonly<Record<string, Stratum>>,
): StratifiedDesign {
  const names = Object.keys(strata);
  const stratumOf = new Int32Array(count);
  const sample = new Array<number>(names.length).fill(0);
  const problems: { field: string; message: string; hint?: string }[] = [];
  for (let i = 0; i < count; i++) {
    const stratum = stratumAt(i);
    const k = stratum === undefined ? -1 : names.indexOf(stratum);
    if (k < 0) {
      problems.push({
        field: 'stratum',
        message: `item ${idAt(i)}: stratum ${stratum === undefined ? 'missing' : `'${stratum}' is not in the manifest`}`,
        hint: `use one of: ${names.join(', ')}`,
      });
    } else sample[k] = (sample[k] ?? 0) + 1;
    stratumOf[i] = k;
  }
  if (problems.length > 0) throw new InputError(problems);
  const described = names.map((name, k) => ({ name, population: strata[name]?.population ?? 0, sample: sample[k] ?? 0 }));
  const weights = Float64Array.from(stratumOf, (k) => {
    const s = described[k];
    return s === undefined || s.sample === 0 ? 0 : s.population / s.sample;
  });
  return { kind: 'stratified', stratumOf, strata: described, weights };
}

export function weightedDesign(weights: ArrayLike<number>): WeightedDesign {
  return { kind: 'weighted', weights: Float64Array.from(weights) };
}

export interface DesignRatio extends Estimate {
  /** Linearized variance (stratified designs); null with item weights only. */
  variance: number | null;
  /** 'design': p̂(1−p̂)/V̂ (Korn–Graubard); 'kish': (Σw)²/Σw² over the denominator's items. */
  effectiveSizeMethod: 'design' | 'kish' | null;
  /** Strata with one sampled item contribute no variance (s² undefined): counted here. */
  singletonStrata: number;
}

/**
 * Ratio of weighted totals R̂ = Σ w·a / Σ w·b (Hájek / combined ratio estimator), with a ⊂ b
 * per item (0/1 indicators, a_i ≤ b_i). Stratified: V̂ = (1/X̂²)·Σ_h N_h²(1 − n_h/N_h)·s²_{e,h}/n_h
 * with e = a − R̂·b; interval Clopper–Pearson at x = R̂·n_eff, n = n_eff with n_eff = R̂(1−R̂)/V̂
 * (Korn & Graubard 1998), or Kish's n_eff when V̂ = 0 (R̂ = 0 or 1) or there are no strata.
 */
export function designRatio(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  design: SamplingDesign,
  options: { zeroReason: string; confidence?: number; /** false: leave out `ci` (a caller that bounds n_eff itself). */ interval?: boolean },
): DesignRatio {
  const w = design.weights;
  const confidence = options.confidence ?? 0.95;
  let num = 0;
  let den = 0;
  const denominatorWeights: number[] = [];
  for (let i = 0; i < w.length; i++) {
    const ai = a[i] ?? 0;
    const bi = b[i] ?? 0;
    // a term of +0 leaves a sum unchanged: items outside both are skipped without changing a bit
    if (ai === 0 && bi === 0) continue;
    const wi = w[i] ?? 0;
    num += wi * ai;
    den += wi * bi;
    if (bi > 0) denominatorWeights.push(wi);
  }
  if (!(den > 0)) {
    return { value: null, reason: options.zeroReason, variance: null, effectiveSizeMethod: null, singletonStrata: 0 };
  }
  const ratio = num / den;
  const { variance, singletonStrata } =
    design.kind === 'stratified' ? linearizedVariance(a, b, ratio, den, design) : { variance: null, singletonStrata: 0 };
  const useDesign = variance !== null && variance > 0;
  const nEff = useDesign ? (ratio * (1 - ratio)) / variance : kishEffectiveSize(denominatorWeights);
  const interval = options.interval === false ? undefined : clopperPearsonInterval(Math.min(ratio * nEff, nEff), nEff, confidence);
  return {
    value: ratio,
    numerator: num,
    denominator: den,
    effectiveDenominator: nEff,
    ...(interval === undefined ? {} : { ci: { ...interval, method: 'korn-graubard' as const } }),
    variance,
    effectiveSizeMethod: useDesign ? 'design' : 'kish',
    singletonStrata,
  };
}

const membersOfDesign = new WeakMap<StratifiedDesign, Int32Array[]>();

/** Each stratum's items in item order, computed once per design (triage asks ~100 times). */
function stratumMembers(design: StratifiedDesign): Int32Array[] {
  let members = membersOfDesign.get(design);
  if (members === undefined) {
    const sizes = new Int32Array(design.strata.length);
    for (const k of design.stratumOf) if (k >= 0) sizes[k] = (sizes[k] ?? 0) + 1;
    members = Array.from(sizes, (size) => new Int32Array(size));
    const filled = new Int32Array(design.strata.length);
    design.stratumOf.forEach((k, i) => {
      const list = members?.[k];
      if (list === undefined) return;
      list[filled[k] ?? 0] = i;
      filled[k] = (filled[k] ?? 0) + 1;
    });
    membersOfDesign.set(design, members);
  }
  return members;
}

function linearizedVariance(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  ratio: number,
  total: number,
  design: StratifiedDesign,
): { variance: number; singletonStrata: number } {
  let sum = 0;
  let singletonStrata = 0;
  const members = stratumMembers(design);
  const residuals = new Float64Array(Math.max(0, ...members.map((rows) => rows.length)));
  design.strata.forEach((stratum, k) => {
    const n = stratum.sample;
    if (n === 0) return;
    if (n === 1) {
      singletonStrata += 1;
      return;
    }
    const rows = members[k] ?? new Int32Array(0);
    for (let j = 0; j < rows.length; j++) {
      const i = rows[j] ?? 0;
      residuals[j] = (a[i] ?? 0) - ratio * (b[i] ?? 0);
    }
    // left-to-right sums over the stratum's items in item order
    let residualSum = 0;
    for (let j = 0; j < rows.length; j++) residualSum += residuals[j] ?? 0;
    const mean = residualSum / n;
    let squares = 0;
    for (let j = 0; j < rows.length; j++) {
      const e = residuals[j] ?? 0;
      squares += (e - mean) * (e - mean);
    }
    const s2 = squares / (n - 1);
    const fpc = Math.max(0, 1 - n / stratum.population);
    sum += stratum.population * stratum.population * fpc * (s2 / n);
  });
  return { variance: sum / (total * total), singletonStrata };
}

export interface WeightedClassification {
  prevalence: DesignRatio;
  precision: DesignRatio;
  recall: DesignRatio;
  specificity: DesignRatio;
  falsePositiveRate: DesignRatio;
  npv: DesignRatio;
  falseOmissionRate: DesignRatio;
  accuracy: DesignRatio;
  /** Share of the production queue that is a false positive: × daily volume = FP per day. */
  falsePositiveShare: DesignRatio;
}

/** Production-weighted binary metrics, each a ratio of weighted totals (§5.3). */
export function weightedClassification(
  gold: readonly boolean[],
  decided: readonly boolean[],
  design: SamplingDesign,
  confidence = 0.95,
): WeightedClassification {
  const indicator = (f: (g: boolean, d: boolean) => boolean): Float64Array =>
    Float64Array.from(gold, (g, i) => (f(g, decided[i] === true) ? 1 : 0));
  const tp = indicator((g, d) => g && d);
  const fp = indicator((g, d) => !g && d);
  const fn = indicator((g, d) => g && !d);
  const tn = indicator((g, d) => !g && !d);
  const pos = indicator((g) => g);
  const neg = indicator((g) => !g);
  const flagged = indicator((_, d) => d);
  const cleared = indicator((_, d) => !d);
  const all = indicator(() => true);
  const correct = indicator((g, d) => g === d);
  const r = (x: Float64Array, y: Float64Array, zeroReason: string): DesignRatio =>
    designRatio(x, y, design, { zeroReason, confidence });
  return {
    prevalence: r(pos, all, 'no items'),
    precision: r(tp, flagged, 'no predicted positives'),
    recall: r(tp, pos, 'no gold positives'),
    specificity: r(tn, neg, 'no gold negatives'),
    falsePositiveRate: r(fp, neg, 'no gold negatives'),
    npv: r(tn, cleared, 'no predicted negatives'),
    falseOmissionRate: r(fn, cleared, 'no predicted negatives'),
    accuracy: r(correct, all, 'no items'),
    falsePositiveShare: r(fp, all, 'no items'),
  };
}

/** Expected false positives per day: daily volume × the weighted share of the queue that is a FP. */
export function falsePositivesPerDay(falsePositiveShare: Estimate, dailyVolume: number): Estimate {
  if (!(dailyVolume >= 0)) throw new RangeError(`daily volume must be ≥ 0, got ${dailyVolume}`);
  if (falsePositiveShare.value === null) return { value: null, reason: falsePositiveShare.reason ?? 'undefined share' };
  const out: Estimate = { value: falsePositiveShare.value * dailyVolume };
  if (falsePositiveShare.ci) {
    out.ci = { ...falsePositiveShare.ci, low: falsePositiveShare.ci.low * dailyVolume, high: falsePositiveShare.ci.high * dailyVolume };
  }
  return out;
}
