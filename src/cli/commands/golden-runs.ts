import { loadRun } from '../../adapters/stores/run-store.js';
import type { GoldenSet } from '../../adapters/stores/golden-store.js';
import type { RunAnswer, RunAnswers } from '../../domain/golden/review-sheet.js';
import { InputError } from '../../domain/problems.js';

/**
 * Runs joined to a golden set by item id. A run of another set is refused; a run of another
 * version of the same set is used (ids are stable across versions) with a warning, since items
 * added since have no answer and edited texts were answered as they were.
 */
export async function loadRunAnswers(runDirs: readonly string[], set: GoldenSet): Promise<RunAnswers[]> {
  const runs: RunAnswers[] = [];
  const taken = new Set<string>();
  for (const dir of runDirs) {
    const run = await loadRun(dir);
    const golden = run.meta.golden_set;
    if (golden.name !== set.manifest.name) {
      throw new InputError({ file: dir, field: 'golden_set.name', message: `the run is of '${golden.name}', not '${set.manifest.name}'` });
    }
    if (golden.sha256 !== set.manifest.sha256) {
      process.stderr.write(`warning: ${dir} ran on ${golden.name}@${golden.version}, not ${set.ref}: items are matched by id\n`);
    }
    let candidate = run.meta.candidate.id;
    for (let k = 2; taken.has(candidate); k += 1) candidate = `${run.meta.candidate.id}#${k}`;
    taken.add(candidate);
    const answers = new Map<string, RunAnswer>();
    for (const record of run.records) {
      if (record.status === 'error') answers.set(record.id, { error: `${record.error.kind}: ${record.error.message}` });
      else {
        const { label, score, rationale } = record.prediction;
        answers.set(record.id, { label, ...(score === undefined ? {} : { score }), ...(rationale === undefined ? {} : { rationale }) });
      }
    }
    runs.push({ candidate, answers });
  }
  return runs;
}
