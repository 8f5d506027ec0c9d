import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { csvText } from '../../adapters/renderers/render-csv.js';
import { reviewSheetColumns, reviewSheetRow, selectDisagreements, type SheetRow } from '../../domain/golden/review-sheet.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { loadSet, shortPath, type RootOption } from './golden-common.js';
import { loadRunAnswers } from './golden-runs.js';

export interface GoldenDisagreementsOptions extends RootOption {
  run?: string[];
  out?: string;
  minAgreement: number;
  candidateDisagreements?: boolean;
}

/**
 * Spam text opened in a spreadsheet must not run as a formula: cells starting with = + - @ get
 * a leading apostrophe (render-csv's rule); import-decisions strips it from the id again.
 */
export function safeRow(row: SheetRow): SheetRow {
  return Object.fromEntries(Object.entries(row).map(([key, value]) => [key, csvText(value)]));
}

/**
 * The SME review sheet of a set's gray and disputed items (CSV), with each run's answer and
 * rationale; the SMEs fill in the decision columns and `golden import-decisions` applies them.
 */
export async function goldenDisagreementsCommand(ref: string, options: GoldenDisagreementsOptions): Promise<ExitCode> {
  const set = await loadSet(ref, options);
  const runs = await loadRunAnswers(options.run ?? [], set);
  const selected = selectDisagreements(set.items, runs, {
    labels: set.manifest.labels,
    positive: set.manifest.positive,
    minAgreement: options.minAgreement,
    candidateDisagreements: options.candidateDisagreements === true,
  });
  const columns = reviewSheetColumns(runs);
  const csv = stringify(selected.map(({ item, why }) => safeRow(reviewSheetRow(item, set.manifest, why, runs))), { header: true, columns });
  if (options.out === undefined) process.stdout.write(csv);
  else {
    writeFileSync(options.out, csv);
    process.stderr.write(
      `${selected.length} of ${set.items.length} items of ${set.ref} to review written to ${shortPath(resolve(options.out))}\n` +
        `fill in the decision columns, then: spameval golden import-decisions ${set.ref} ${options.out}\n`,
    );
  }
  return EXIT.ok;
}
