import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { packageRoot } from '../adapters/package-root.js';
import { loadGoldenSet, type GoldenSet } from '../adapters/stores/golden-store.js';
import { loadRun, type LoadedRun } from '../adapters/stores/run-store.js';
import { InputError } from '../domain/problems.js';
import type { RunMeta } from '../domain/run/run-meta.js';

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

/**
 * Where a run's golden set is looked for: the folder recorded in run.json if it is still there (a
 * relative path — a committed example run — is relative to the run folder), else
 * `name@version` from the usual roots.
 */
export function goldenRefOfRun(meta: RunMeta, runDir: string): string {
  const recorded = meta.golden_set;
  const folder = resolve(runDir, recorded.path);
  return existsSync(folder) ? folder : `${recorded.name}@${recorded.version}`;
}

/** The golden set a loaded run was made on, found and checked as `loadRunWithGolden` says. */
export async function loadGoldenOfRun(run: LoadedRun, roots: readonly string[]): Promise<GoldenSet> {
  const recorded = run.meta.golden_set;
  const ref = goldenRefOfRun(run.meta, run.dir);
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
