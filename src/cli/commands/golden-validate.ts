import { scanGoldenSet } from '../../adapters/stores/golden-store.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { resolveSet, type RootOption } from './golden-common.js';

export async function goldenValidateCommand(ref: string, options: RootOption): Promise<ExitCode> {
  const dir = resolveSet(ref, options);
  const scan = await scanGoldenSet(dir, { keepItems: false });
  if (scan.problems.length > 0) throw new InputError(scan.problems);
  process.stdout.write(
    `${scan.manifest.name}@${scan.manifest.version}: valid — ${scan.count} items, sha256 ${scan.sha256.slice(0, 12)}…\n`,
  );
  return EXIT.ok;
}
