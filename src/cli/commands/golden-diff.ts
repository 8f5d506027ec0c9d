import { renderGoldenDiff, type DiffFormat } from '../../adapters/renderers/render-golden-diff.js';
import { scanGoldenSet } from '../../adapters/stores/golden-store.js';
import { diffGoldenSets, digestItem, isEmptyDiff, type DiffSide, type ItemDigest } from '../../domain/golden/diff-golden.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { resolveSet, type RootOption } from './golden-common.js';

export interface GoldenDiffOptions extends RootOption {
  format: DiffFormat;
  limit: number;
  exitCode?: boolean;
}

async function digestSet(ref: string, options: RootOption): Promise<DiffSide> {
  const items = new Map<string, ItemDigest>();
  const scan = await scanGoldenSet(resolveSet(ref, options), { keepItems: false, onItem: (item) => items.set(item.id, digestItem(item)) });
  if (scan.problems.length > 0) throw new InputError(scan.problems);
  return { manifest: scan.manifest, items };
}

/** Item-level differences between two versions; with --exit-code, 1 when they differ (like git diff). */
export async function goldenDiffCommand(refA: string, refB: string, options: GoldenDiffOptions): Promise<ExitCode> {
  const diff = diffGoldenSets(await digestSet(refA, options), await digestSet(refB, options));
  process.stdout.write(renderGoldenDiff(diff, options.format, options.limit));
  return options.exitCode === true && !isEmptyDiff(diff) ? EXIT.gateFailed : EXIT.ok;
}
