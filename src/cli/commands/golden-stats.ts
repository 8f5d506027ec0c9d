import { loadManifest, scanVersion } from '../../adapters/stores/golden-store.js';
import { renderGoldenStats, type StatsFormat } from '../../adapters/renderers/render-golden-stats.js';
import { GoldenStatsAccumulator } from '../../domain/golden/golden-stats.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { resolveSet, type RootOption } from './golden-common.js';

export interface GoldenStatsOptions extends RootOption {
  format: StatsFormat;
}

/** Balance, gray share, lengths, duplicates and agreement, computed while the items stream past. */
export async function goldenStatsCommand(ref: string, options: GoldenStatsOptions): Promise<ExitCode> {
  const dir = resolveSet(ref, options);
  const manifest = await loadManifest(dir);
  const accumulator = new GoldenStatsAccumulator(manifest);
  const scan = await scanVersion(dir, manifest, { keepItems: false, onItem: (item) => accumulator.add(item) });
  if (scan.problems.length > 0) throw new InputError(scan.problems);
  process.stdout.write(renderGoldenStats(accumulator.finish(), options.format));
  return EXIT.ok;
}
