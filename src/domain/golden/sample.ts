import { mulberry32 } from '../metrics/bootstrap.js';
import type { Item, Stratum } from './schema.js';

/**
 * Seeded stratified sampling without replacement, with the weights that project metrics on the
 * sample back to the set it was drawn from (METHODS §5.3: w = N_h / n_h).
 *
 * Allocation of n over the strata: `proportional` (n_h ∝ N_h, Hamilton's largest-remainder
 * rounding, ties to the earlier stratum in key order) or `equal` (n / H each); a stratum never
 * gets more than it holds, and what it cannot take is handed to the others by the same rule.
 * Selection: strata in key order, one mulberry32(seed) stream, a partial Fisher–Yates shuffle
 * of each stratum's items (in file order) taking its first n_h; the sample keeps file order.
 * The same items, keys, n and seed always give the same sample.
 */

export type Allocation = 'proportional' | 'equal';

export interface SampleOptions {
  n: number;
  /** `label`, `category`, `gray_area`, `stratum`, or `slices.<name>`. */
  stratify: readonly string[];
  seed: number;
  allocation?: Allocation;
}

export interface SampledStratum {
  key: string;
  /** Items of the stratum in the source set (N_h). */
  available: number;
  /** Σ of their weights (their own weight, 1 when absent): the population they stand for. */
  population: number;
  sampled: number;
}

export interface SamplePlan {
  strata: SampledStratum[];
  /** Indices of the chosen items, ascending. */
  selected: number[];
  seed: number;
  allocation: Allocation;
}

const STRATIFY_KEYS = ['label', 'category', 'gray_area', 'stratum'];

/** The problem with a stratify key, if any. */
export function checkStratifyKey(key: string): string | undefined {
  if (STRATIFY_KEYS.includes(key) || /^slices?\.[^.]+$/.test(key)) return undefined;
  return `cannot stratify by '${key}': use ${STRATIFY_KEYS.join(', ')} or slices.<name>`;
}

function valueOf(item: Item, key: string): string {
  if (key === 'label') return item.label;
  if (key === 'category') return item.category ?? '(none)';
  if (key === 'gray_area') return item.gray_area === true ? 'gray' : 'clear';
  if (key === 'stratum') return item.stratum ?? '(none)';
  const slice = key.slice(key.indexOf('.') + 1);
  return item.slices?.[slice] ?? '(none)';
}

/** The stratum an item falls in, e.g. `label=spam|category=phishing`. */
export function stratumKey(item: Item, keys: readonly string[]): string {
  return keys.length === 0 ? 'all' : keys.map((key) => `${key}=${valueOf(item, key)}`).join('|');
}

/** Split `n` over strata by weight, never above a stratum's capacity (Hamilton rounding). */
export function allocate(n: number, capacities: readonly number[], shares: readonly number[]): number[] {
  const result = capacities.map(() => 0);
  let remaining = Math.min(n, capacities.reduce((a, b) => a + b, 0));
  let open = capacities.map((capacity, index) => (capacity > 0 ? index : -1)).filter((index) => index >= 0);
  while (remaining > 0 && open.length > 0) {
    const total = open.reduce((sum, index) => sum + (shares[index] ?? 0), 0);
    const exact = open.map((index) => (total === 0 ? remaining / open.length : (remaining * (shares[index] ?? 0)) / total));
    const floors = exact.map(Math.floor);
    let left = remaining - floors.reduce((a, b) => a + b, 0);
    const byRemainder = open.map((_, k) => k).sort((x, y) => (exact[y] ?? 0) - (floors[y] ?? 0) - ((exact[x] ?? 0) - (floors[x] ?? 0)) || x - y);
    for (const k of byRemainder) {
      if (left === 0) break;
      floors[k] = (floors[k] ?? 0) + 1;
      left -= 1;
    }
    let given = 0;
    open.forEach((index, k) => {
      const room = (capacities[index] ?? 0) - (result[index] ?? 0);
      const take = Math.min(room, floors[k] ?? 0);
      result[index] = (result[index] ?? 0) + take;
      given += take;
    });
    remaining -= given;
    open = open.filter((index) => (result[index] ?? 0) < (capacities[index] ?? 0));
    if (given === 0) break;
  }
  return result;
}

export function planSample(items: readonly Item[], options: SampleOptions): SamplePlan {
  const allocation = options.allocation ?? 'proportional';
  const members = new Map<string, number[]>();
  const population = new Map<string, number>();
  items.forEach((item, index) => {
    const key = stratumKey(item, options.stratify);
    const list = members.get(key);
    if (list === undefined) members.set(key, [index]);
    else list.push(index);
    population.set(key, (population.get(key) ?? 0) + (item.weight ?? 1));
  });
  const keys = [...members.keys()].sort();
  const capacities = keys.map((key) => members.get(key)?.length ?? 0);
  const counts = allocate(options.n, capacities, allocation === 'equal' ? capacities.map(() => 1) : capacities);
  const random = mulberry32(options.seed);
  const selected: number[] = [];
  keys.forEach((key, h) => {
    const pool = [...(members.get(key) ?? [])];
    const take = counts[h] ?? 0;
    for (let i = 0; i < take; i += 1) {
      const j = i + Math.floor(random() * (pool.length - i));
      const chosen = pool[j] ?? 0;
      pool[j] = pool[i] ?? 0;
      pool[i] = chosen;
      selected.push(chosen);
    }
  });
  selected.sort((a, b) => a - b);
  return {
    strata: keys.map((key, h) => ({
      key,
      available: capacities[h] ?? 0,
      population: population.get(key) ?? 0,
      sampled: counts[h] ?? 0,
    })),
    selected,
    seed: options.seed,
    allocation,
  };
}

/**
 * The sampled items with `stratum` and `weight` set, and the manifest's `strata`. An item's
 * weight is its own weight (1 when absent) × N_h / n_h, so that weighted sums over the sample
 * estimate the sums over the population the source set stood for.
 */
export function weightSample(
  items: readonly Item[],
  plan: SamplePlan,
  stratify: readonly string[],
): { items: Item[]; strata: Record<string, Stratum> } {
  const byKey = new Map(plan.strata.map((stratum) => [stratum.key, stratum]));
  const weighted = plan.selected.flatMap((index) => {
    const item = items[index];
    if (item === undefined) return [];
    const key = stratumKey(item, stratify);
    const stratum = byKey.get(key);
    const factor = stratum === undefined || stratum.sampled === 0 ? 1 : stratum.available / stratum.sampled;
    return [{ ...item, stratum: key, weight: (item.weight ?? 1) * factor }];
  });
  const strata: Record<string, Stratum> = {};
  for (const stratum of plan.strata) {
    if (stratum.sampled === 0) continue;
    strata[stratum.key] = {
      population: stratum.population,
      sample: stratum.sampled,
      description: `${stratum.sampled} of ${stratum.available} items drawn (seed ${plan.seed}, ${plan.allocation} allocation)`,
    };
  }
  return { items: weighted, strata };
}
