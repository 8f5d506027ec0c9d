import { plainTable, type Cell } from '../../adapters/renderers/plain-table.js';
import { digestItem } from '../../domain/golden/diff-golden.js';
import { DEFAULT_DEDUPE, findDuplicates, type DedupeResult } from '../../domain/golden/dedupe.js';
import type { Item } from '../../domain/golden/schema.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { deriveFrom, loadSet, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenDedupeOptions extends WriteOptions {
  threshold?: number;
  shingle?: number;
  bands?: number;
  rows?: number;
  seed?: number;
  format: 'table' | 'json';
  limit: number;
  write?: boolean;
}

export const GOLDEN_DEDUPE_SCHEMA_VERSION = 1;

function clusterJson(result: DedupeResult, items: readonly Item[]): unknown[] {
  const describe = (index: number): { id: string; label: string } => ({ id: items[index]?.id ?? '', label: items[index]?.label ?? '' });
  return result.clusters.map((cluster) => {
    const labels = [cluster.representative, ...cluster.members.map((m) => m.index)].map((i) => items[i]?.label ?? '');
    return {
      kind: cluster.kind,
      size: cluster.members.length + 1,
      mixed_labels: new Set(labels).size > 1,
      keep: describe(cluster.representative),
      duplicates: cluster.members.map((m) => ({ ...describe(m.index), jaccard: m.jaccard, exact: m.exact })),
    };
  });
}

/** Exact and near-duplicate clusters; --write makes a version that keeps one item per cluster. */
export async function goldenDedupeCommand(ref: string, options: GoldenDedupeOptions): Promise<ExitCode> {
  const set = await loadSet(ref, options);
  const result = findDuplicates(
    set.items.map((item) => item.text),
    {
      threshold: options.threshold ?? DEFAULT_DEDUPE.threshold,
      shingleSize: options.shingle ?? DEFAULT_DEDUPE.shingleSize,
      bands: options.bands ?? DEFAULT_DEDUPE.bands,
      rows: options.rows ?? DEFAULT_DEDUPE.rows,
      seed: options.seed ?? DEFAULT_DEDUPE.seed,
    },
  );
  const { parameters: p } = result;
  const mixed = result.clusters.filter((cluster) =>
    cluster.members.some((member) => set.items[member.index]?.label !== set.items[cluster.representative]?.label),
  ).length;
  if (options.format === 'json') {
    const { clusters: _clusters, ...totals } = result;
    process.stdout.write(
      `${JSON.stringify({ schema_version: GOLDEN_DEDUPE_SCHEMA_VERSION, kind: 'golden-dedupe', set: set.ref, ...totals, mixed_label_clusters: mixed, clusters: clusterJson(result, set.items) }, null, 2)}\n`,
    );
  } else {
    const share = result.items === 0 ? 0 : result.redundant / result.items;
    process.stdout.write(
      `${set.ref}: ${result.items} items; ${result.clusters.length} duplicate clusters; ${result.redundant} redundant items ` +
        `(${result.exactDuplicates} exact, ${result.nearDuplicates} near) = ${(share * 100).toFixed(1)}% of the set` +
        `${mixed > 0 ? `; ${mixed} clusters mix gold labels (check them: one of the labels is probably wrong)` : ''}\n` +
        `near-duplicate: Jaccard ≥ ${p.threshold} on ${p.shingleSize}-character shingles of the normalised text; ` +
        `MinHash ${p.bands} bands × ${p.rows} rows, seed ${p.seed}; ${result.candidatePairs} candidate pairs, ${result.comparedPairs} checked exactly\n`,
    );
    const rows: Cell[][] = [];
    result.clusters.slice(0, options.limit).forEach((cluster, k) => {
      const rep = set.items[cluster.representative];
      if (rep === undefined) return;
      rows.push([k + 1, cluster.kind, 'keep', rep.id, rep.label, '', digestItem(rep).snippet]);
      for (const member of cluster.members) {
        const item = set.items[member.index];
        if (item !== undefined) rows.push(['', '', 'drop', item.id, item.label, member.exact ? 'exact' : member.jaccard.toFixed(3), digestItem(item).snippet]);
      }
    });
    if (rows.length > 0) process.stdout.write(`\n${plainTable(['cluster', 'kind', 'role', 'id', 'label', 'jaccard', 'text'], rows)}`);
    if (result.clusters.length > options.limit) process.stdout.write(`… and ${result.clusters.length - options.limit} more clusters (--limit, or --format json)\n`);
  }
  if (options.write === true) {
    if (result.redundant === 0) {
      process.stderr.write('no duplicates: nothing to write\n');
      return EXIT.ok;
    }
    const drop = new Set(result.clusters.flatMap((cluster) => cluster.members.map((member) => member.index)));
    const kept = set.items.filter((_, index) => !drop.has(index));
    const draft = deriveFrom(set.manifest, options, {
      message:
        `Dedupe: dropped ${result.redundant} items (${result.exactDuplicates} exact, ${result.nearDuplicates} near-duplicates at Jaccard ≥ ${p.threshold}, ` +
        `${p.shingleSize}-shingles), keeping the first item of each of ${result.clusters.length} clusters`,
    });
    // JSON on stdout stays parseable: what was written is said on stderr
    const out = options.format === 'json' ? process.stderr : process.stdout;
    out.write('\n');
    writeDerived(set, draft, kept, options, out);
  }
  return EXIT.ok;
}
