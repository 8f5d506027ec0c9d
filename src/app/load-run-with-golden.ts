import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../adapters/package-root.js';
import { loadGoldenSet, type GoldenSet } from '../adapters/stores/golden-store.js';
import { loadRun, type LoadedRun } from '../adapters/stores/run-store.js';
import { InputError } from '../domain/problems.js';

/** Where named golden sets are looked for: the working directory's `golden-sets/`, then spameval's own. */
export function defaultGoldenRoots(): string[] {
  return [resolve('golden-sets'), join(packageRoot(), 'golden-sets')];
}

/**
 * A run and the exact golden set it ran on: the folder recorded in run.json if it is still
 * there (relative paths from the run folder), else `name@version` from the usual roots. A set whose content changed since the run
 * (sha256) is refused: the report would score the answers against other labels.
 */
export async function loadRunWithGolden(
  runDir: string,
  roots: readonly string[] = defaultGoldenRoots(),
): Promise<{ run: LoadedRun; golden: GoldenSet }> {
  const run = await loadRun(runDir);
  return { run, golden: await loadGoldenOfRun(run, roots) };
}

/** The golden set a loaded run was made on, found and checked as `loadRunWithGolden` says. */
export async function loadGoldenOfRun(run: LoadedRun, roots: readonly string[]): Promise<GoldenSet> {
  const recorded = run.meta.golden_set;
  // a relative path (a committed example run) is relative to the run folder
  const folder = resolve(run.dir, recorded.path);
  const ref = existsSync(folder) ? folder : `${recorded.name}@${recorded.version}`;
  let golden: GoldenSet;
  try {
    golden = await loadGoldenSet(ref, roots);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError([
      { file: join(run.dir, 'run.json'), field: 'golden_set', message: `cannot use the golden set this run was made on (${recorded.name}@${recorded.version})` },
      ...error.problems,
    ]);
  }
  if (golden.manifest.sha256 !== recorded.sha256) {
    throw new InputError({
      file: join(run.dir, 'run.json'),
      field: 'golden_set.sha256',
      message: `golden set ${golden.ref} changed since the run (sha256 ${golden.manifest.sha256.slice(0, 12)}… now, ${recorded.sha256.slice(0, 12)}… when it ran)`,
      hint: 'a published version must not be edited in place: restore it, or run the candidate again on the new version',
    });
  }
  return golden;
}
