import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { plainTable } from '../../adapters/renderers/plain-table.js';
import { digestItem } from '../../domain/golden/diff-golden.js';
import { reviewSheetColumns, reviewSheetRow } from '../../domain/golden/review-sheet.js';
import { findSuspects, type CandidateScores } from '../../domain/golden/suspects.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadSet, shortPath, type RootOption } from './golden-common.js';
import { safeRow } from './golden-disagreements.js';
import { loadRunAnswers } from './golden-runs.js';

export interface GoldenSuspectsOptions extends RootOption {
  run: string[];
  minRuns: number;
  format: 'table' | 'json' | 'csv';
  limit: number;
  out?: string;
}

export const GOLDEN_SUSPECTS_SCHEMA_VERSION = 1;

/** Probable label errors by confident learning on the runs' scores, ranked, with the evidence. */
export async function goldenSuspectsCommand(ref: string, options: GoldenSuspectsOptions): Promise<ExitCode> {
  const set = await loadSet(ref, options);
  const runs = await loadRunAnswers(options.run, set);
  if (options.minRuns > runs.length) {
    throw new InputError({ field: '--min-runs', message: `${options.minRuns} is more than the ${runs.length} runs given` });
  }
  const scores: CandidateScores[] = runs.map(({ candidate, answers }) => ({
    candidate,
    scores: new Map(
      [...answers].flatMap(([id, answer]) => ('error' in answer || answer.score === undefined ? [] : [[id, answer.score] as const])),
    ),
  }));
  const unscored = scores.filter((run) => run.scores.size === 0).map((run) => run.candidate);
  if (unscored.length > 0) {
    throw new InputError({
      message: `no scores in the runs of ${unscored.join(', ')}`,
      hint: 'confident learning needs P(positive) per item; use candidates that return a score',
    });
  }
  const found = findSuspects(set.items, set.manifest.positive, scores, options.minRuns);
  if (found.value === null) throw new InputError({ message: `cannot look for suspects in ${set.ref}: ${found.reason}` });
  const result = found.value;
  const byId = new Map(set.items.map((item) => [item.id, item]));
  const e = result.ensemble;
  let text: string;
  if (options.format === 'json') {
    text = `${JSON.stringify({ schema_version: GOLDEN_SUSPECTS_SCHEMA_VERSION, kind: 'golden-suspects', set: set.ref, ...result }, null, 2)}\n`;
  } else if (options.format === 'csv') {
    const columns = reviewSheetColumns(runs, ['rank', 'self_confidence', 'ensemble_score', 'flagged_by']);
    const rows = result.suspects.flatMap((suspect) => {
      const item = byId.get(suspect.id);
      const why = [`confident learning: gold '${suspect.label}' has P = ${suspect.selfConfidence.toFixed(3)} under ${runs.length > 1 ? 'the candidates\' mean score' : 'the candidate\'s score'}`];
      const extra = {
        rank: String(suspect.rank),
        self_confidence: suspect.selfConfidence.toFixed(4),
        ensemble_score: suspect.score.toFixed(4),
        flagged_by: suspect.flaggedBy.join(' '),
      };
      return item === undefined ? [] : [safeRow(reviewSheetRow(item, set.manifest, why, runs, extra))];
    });
    text = stringify(rows, { header: true, columns });
  } else {
    const header =
      `${set.ref}: ${result.suspects.length} suspect labels among ${e.itemsUsed} scored items (${e.itemsWithoutScore} without a score)\n` +
      `confident learning on ${runs.length > 1 ? `the mean score of ${runs.length} candidates` : `${runs[0]?.candidate ?? ''}'s scores`}: ` +
      `thresholds P(not positive) ≥ ${e.thresholds.negative.toFixed(4)}, P(positive) ≥ ${e.thresholds.positive.toFixed(4)}; ` +
      `confident joint ${JSON.stringify(e.confidentJoint)} → calibrated ${JSON.stringify(e.calibratedJoint)}` +
      `${result.minRuns > 1 ? `; kept if ≥ ${result.minRuns} candidates flag it on their own` : ''}\n`;
    const rows = result.suspects.slice(0, options.limit).map((s) => {
      const item = byId.get(s.id);
      return [s.rank, s.id, s.label, s.score.toFixed(3), s.selfConfidence.toFixed(3), s.flaggedBy.join(' ') || '—', item?.gray_area === true ? 'yes' : '', item === undefined ? '' : digestItem(item).snippet];
    });
    text =
      header +
      (rows.length > 0 ? `\n${plainTable(['rank', 'id', 'gold', 'score', 'P(gold)', 'flagged by', 'gray', 'text'], rows)}` : '') +
      (result.suspects.length > options.limit ? `… and ${result.suspects.length - options.limit} more (--limit, or --format csv for the SME sheet)\n` : '') +
      'these are candidates for SME review, not relabels: scores must come from models not trained on this set\n';
  }
  if (options.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(options.out, text);
    process.stderr.write(`${result.suspects.length} suspects written to ${shortPath(resolve(options.out))}\n`);
  }
  return EXIT.ok;
}
