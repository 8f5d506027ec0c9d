/**
 * Seeded nonparametric bootstrap over items (METHODS §2.3).
 *
 * The random stream is mulberry32 and replicate b uses draws b·n … b·n+n−1, each mapped to
 * index ⌊u·n⌋ (within a stratum: ⌊u·n_h⌋ into that stratum's members). With that convention a
 * numpy port (tests/reference/metrics_reference.py) reproduces every interval bit for bit.
 *
 * Speed: a statistic is a closure over precomputed per-item arrays that sums them over the
 * index vector; the index buffer is reused, so 2 000 replicates of 2 000 items take milliseconds.
 * A statistic of the four confusion counts alone (F-beta, precision, …) on an unweighted,
 * unstratified set can instead draw each replicate's counts from their multinomial law
 * (`multinomialCountsDistribution`): the same distribution in O(1) per replicate, used above
 * `MULTINOMIAL_MIN_DRAWS` item draws (docs/metrics.md, "Bootstrap").
 */
import { sampleMultinomial } from './binomial-sampler.js';
import type { Interval } from './estimate.js';

/**
 * mulberry32 (Tommy Ettinger, 2017), uniform in [0, 1). The state is kept as an int32
 * (`(a + C) | 0`): the often-quoted `var t = a += 0x6D2B79F5` form lets `a` grow as a double
 * and drifts from the 32-bit recurrence after about 4.9 million draws, i.e. within one
 * 10 000-replicate bootstrap of 500 items.
 */
export function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws one bootstrap index vector per call into `out` (length n). */
export interface IndexSampler {
  readonly n: number;
  draw(out: Uint32Array): void;
}

function checkSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
}

/**
 * An index sampler over n items. With `strata` (one key per item), each replicate draws n_h
 * items with replacement from stratum h, strata taken in order of first appearance and the
 * out vector filled stratum by stratum — stratum sizes stay fixed, so inverse-probability
 * weights N_h/n_h remain valid in every replicate. Two models evaluated on the vectors of one
 * sampler form a paired bootstrap.
 */
export function createIndexSampler(n: number, seed: number, strata?: ArrayLike<string | number>): IndexSampler {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  checkSeed(seed);
  const random = mulberry32(seed);
  if (strata === undefined) {
    return {
      n,
      draw(out) {
        for (let i = 0; i < n; i++) out[i] = Math.floor(random() * n);
      },
    };
  }
  if (strata.length !== n) throw new RangeError(`strata has ${strata.length} entries for ${n} items`);
  const members = new Map<string | number, number[]>();
  for (let i = 0; i < n; i++) {
    const key = strata[i] ?? '';
    const list = members.get(key);
    if (list) list.push(i);
    else members.set(key, [i]);
  }
  const groups = [...members.values()].map((list) => Uint32Array.from(list));
  return {
    n,
    draw(out) {
      let position = 0;
      for (const group of groups) {
        const size = group.length;
        for (let j = 0; j < size; j++) out[position++] = group[Math.floor(random() * size)] ?? 0;
      }
    },
  };
}

/**
 * numpy's default `quantile(..., method='linear')` (Hyndman–Fan type 7) on ascending values,
 * including numpy's two-sided lerp (b − (b−a)(1−g) when g ≥ 0.5) so results agree bit for bit.
 */
export function quantileLinear(sorted: ArrayLike<number>, q: number): number {
  const m = sorted.length;
  if (m === 0) throw new RangeError('quantile of an empty sample');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`q must lie in [0, 1], got ${q}`);
  const h = (m - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, m - 1);
  const g = h - lo;
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  const diff = b - a;
  return g >= 0.5 ? b - diff * (1 - g) : a + diff * g;
}

export interface BootstrapOptions {
  /** Number of resamples; 2 000 unless told (10 000 for published reports). */
  replicates?: number;
  /** 32-bit unsigned seed; 12 345 unless told. Always reported. */
  seed?: number;
  /** Two-sided level of the percentile interval; 0.95 unless told. */
  confidence?: number;
  /** One stratum key per item: resample within strata. */
  strata?: ArrayLike<string | number>;
  /**
   * For statistics of unweighted, unstratified confusion counts only (`fbetaBootstrapInterval`):
   * resample items, draw counts from their multinomial law, or (`auto`, the default) pick by
   * size with `chooseCountResampling`. Statistics of items always resample items.
   */
  resampling?: 'auto' | BootstrapResampling;
}

/**
 * How replicates were drawn: `items` — n item indices per replicate (bit for bit the numpy
 * reference); `multinomial-counts` — the replicate's cell counts drawn from Multinomial(n,
 * observed cell shares), the same distribution for a statistic of the counts.
 */
export type BootstrapResampling = 'items' | 'multinomial-counts';

export interface BootstrapDistribution {
  /** The defined replicate values, ascending. */
  values: Float64Array;
  replicates: number;
  /** Replicates whose statistic was undefined (null or NaN), e.g. no predicted positives. */
  dropped: number;
  seed: number;
  resampling: BootstrapResampling;
}

export interface BootstrapInterval extends Interval {
  method: 'percentile';
  replicates: number;
  dropped: number;
  seed: number;
  resampling: BootstrapResampling;
}

export const DEFAULT_BOOTSTRAP_REPLICATES = 2000;
export const DEFAULT_BOOTSTRAP_SEED = 12345;

/**
 * Item draws (n × replicates) above which `auto` resampling of confusion counts switches to the
 * multinomial draw: 20 million draws take about a second; below it every interval stays equal
 * bit for bit to the numpy reference (2 000 replicates: up to 10 000 items).
 */
export const MULTINOMIAL_MIN_DRAWS = 20_000_000;

/** The resampling `auto` picks for a statistic of unweighted, unstratified counts of n items. */
export function chooseCountResampling(n: number, replicates: number, requested: BootstrapOptions['resampling'] = 'auto'): BootstrapResampling {
  if (requested !== 'auto') return requested;
  return n * replicates > MULTINOMIAL_MIN_DRAWS ? 'multinomial-counts' : 'items';
}

function checkReplicates(replicates: number): void {
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`replicates must be a positive integer, got ${replicates}`);
  }
}

/** Sorts the first `kept` values of `values` into the distribution. */
function distributionOf(values: Float64Array, kept: number, replicates: number, seed: number, resampling: BootstrapResampling): BootstrapDistribution {
  const defined = values.slice(0, kept).sort();
  return { values: defined, replicates, dropped: replicates - kept, seed, resampling };
}

/**
 * Replicate values of `statistic` over resampled index vectors. The index array passed to the
 * statistic is reused between replicates: read it, do not keep it.
 */
export function bootstrapDistribution(
  n: number,
  statistic: (indices: Uint32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapDistribution {
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  checkReplicates(replicates);
  if (options.resampling === 'multinomial-counts') {
    throw new RangeError('multinomial-counts resampling needs the cell counts: use multinomialCountsDistribution');
  }
  const sampler = createIndexSampler(n, seed, options.strata);
  const indices = new Uint32Array(n);
  const values = new Float64Array(replicates);
  let kept = 0;
  for (let b = 0; b < replicates; b++) {
    sampler.draw(indices);
    const value = statistic(indices);
    if (value !== null && !Number.isNaN(value)) values[kept++] = value;
  }
  return distributionOf(values, kept, replicates, seed, 'items');
}

/**
 * Item bootstrap of a statistic of per-cell sums: item i adds `weight[i]` (1 without weights) to
 * cell `cell[i]`. The same draws, index rule and left-to-right sums as `bootstrapDistribution`
 * with a summing statistic — equal bit for bit — but unstratified it accumulates as it draws,
 * with no index vector to write and read back (about a quarter faster on large sets). The sums
 * array passed to the statistic is reused.
 */
export function cellSumsDistribution(
  cell: Uint8Array,
  weight: Float64Array | null,
  cellCount: number,
  statistic: (sums: Float64Array) => number | null,
  options: Omit<BootstrapOptions, 'resampling'> = {},
): BootstrapDistribution {
  const n = cell.length;
  if (weight !== null && weight.length !== n) throw new RangeError(`weight has ${weight.length} entries for ${n} items`);
  const sums = new Float64Array(cellCount);
  const sumInto = (indices: Uint32Array) => {
    sums.fill(0);
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k] ?? 0;
      const c = cell[i] ?? 0;
      sums[c] = (sums[c] ?? 0) + (weight === null ? 1 : (weight[i] ?? 0));
    }
    return statistic(sums);
  };
  if (options.strata !== undefined) return bootstrapDistribution(n, sumInto, options);
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  checkReplicates(replicates);
  checkSeed(seed);
  const random = mulberry32(seed);
  const values = new Float64Array(replicates);
  let kept = 0;
  for (let b = 0; b < replicates; b++) {
    sums.fill(0);
    if (weight === null) {
      for (let k = 0; k < n; k++) {
        const c = cell[Math.floor(random() * n)] ?? 0;
        sums[c] = (sums[c] ?? 0) + 1;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const i = Math.floor(random() * n);
        const c = cell[i] ?? 0;
        sums[c] = (sums[c] ?? 0) + (weight[i] ?? 0);
      }
    }
    const value = statistic(sums);
    if (value !== null && !Number.isNaN(value)) values[kept++] = value;
  }
  return distributionOf(values, kept, replicates, seed, 'items');
}

/**
 * Replicate values of `statistic` over cell counts drawn from Multinomial(n, cells / n), n =
 * Σ cells (integer counts of an unweighted, unstratified set). For a statistic of the counts
 * alone this is the item bootstrap's distribution — resampling n items with replacement puts
 * each in cell j with probability cells_j / n, independently — at O(1) cost per replicate
 * instead of O(n). The stream is mulberry32(seed) consumed by sequential binomials in cell
 * order (binomial-sampler.ts), so a seed gives the same values every time, but not the same
 * values as the item bootstrap. The counts array passed to the statistic is reused.
 */
export function multinomialCountsDistribution(
  cells: readonly number[],
  statistic: (counts: Float64Array) => number | null,
  options: Omit<BootstrapOptions, 'strata' | 'resampling'> = {},
): BootstrapDistribution {
  const replicates = options.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES;
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  checkReplicates(replicates);
  checkSeed(seed);
  let n = 0;
  for (const count of cells) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`cell counts must be non-negative integers, got ${count}`);
    n += count;
  }
  const random = mulberry32(seed);
  const counts = new Float64Array(cells.length);
  const values = new Float64Array(replicates);
  let kept = 0;
  for (let b = 0; b < replicates; b++) {
    sampleMultinomial(random, n, cells, counts);
    const value = statistic(counts);
    if (value !== null && !Number.isNaN(value)) values[kept++] = value;
  }
  return distributionOf(values, kept, replicates, seed, 'multinomial-counts');
}

/** Percentile interval [q(a/2), q(1−a/2)] of a bootstrap distribution; null when every replicate was dropped. */
export function percentileInterval(distribution: BootstrapDistribution, confidence = 0.95): BootstrapInterval | null {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must lie in (0, 1), got ${confidence}`);
  if (distribution.values.length === 0) return null;
  const alpha = 1 - confidence;
  return {
    low: quantileLinear(distribution.values, alpha / 2),
    high: quantileLinear(distribution.values, 1 - alpha / 2),
    confidence,
    method: 'percentile',
    replicates: distribution.replicates,
    dropped: distribution.dropped,
    seed: distribution.seed,
    resampling: distribution.resampling,
  };
}

/**
 * Percentile bootstrap interval of `statistic` over n items (stratified when `strata` is given).
 * Degenerate replicates (statistic null) are dropped and counted; null when all were.
 */
export function bootstrapInterval(
  n: number,
  statistic: (indices: Uint32Array) => number | null,
  options: BootstrapOptions = {},
): BootstrapInterval | null {
  return percentileInterval(bootstrapDistribution(n, statistic, options), options.confidence ?? 0.95);
}
