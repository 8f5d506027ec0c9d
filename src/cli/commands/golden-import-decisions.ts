import { basename } from 'node:path';
import { readTable } from '../../adapters/formats/read-table.js';
import { plainTable } from '../../adapters/renderers/plain-table.js';
import { applyDecisions } from '../../domain/golden/apply-decisions.js';
import { InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { deriveFrom, loadSet, nowIso, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenImportDecisionsOptions extends WriteOptions {
  format?: string;
  limit: number;
}

/** SMEs' decisions from a filled-in review sheet → a new version, each recorded in the item's notes. */
export async function goldenImportDecisionsCommand(ref: string, file: string, options: GoldenImportDecisionsOptions): Promise<ExitCode> {
  const set = await loadSet(ref, options);
  const table = await readTable(file, options.format);
  if (!table.columns.includes('id') || !table.columns.includes('decision')) {
    throw new InputError({ file, line: 1, message: "the sheet needs an 'id' and a 'decision' column", hint: 'start from the sheet `golden disagreements` writes' });
  }
  // the review sheet escaped ids that look like formulas (see safeRow): undo that here
  const sheetRows = table.rows.map((row) => {
    const id = row.values.id;
    return typeof id === 'string' && /^'[=+\-@\t\r]/.test(id) ? { ...row, values: { ...row.values, id: id.slice(1) } } : row;
  });
  const result = applyDecisions(set.items, sheetRows, set.manifest, { file, date: nowIso().slice(0, 10) });
  const problems = [...table.unreadable.map((row) => row.problem), ...result.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  if (problems.length > 0) {
    throw new InputError([...problems, { message: `${problems.length} problems in ${file}; nothing was written` }]);
  }
  const relabeled = result.applied.filter((d) => d.from !== d.to).length;
  const grayChanged = result.applied.filter((d) => d.grayFrom !== d.grayTo).length;
  process.stdout.write(
    `${basename(file)}: ${result.applied.length} decisions (${relabeled} relabel, ${result.applied.length - relabeled} confirm the gold label, ${grayChanged} change the gray flag); ${result.undecided} rows undecided\n`,
  );
  if (result.applied.length === 0) {
    process.stdout.write('no decisions: no version written\n');
    return EXIT.ok;
  }
  const rows = result.applied.slice(0, options.limit).map((d) => [d.line, d.id, d.from, d.to, d.grayFrom === d.grayTo ? '' : d.grayTo ? 'now gray' : 'now clear']);
  process.stdout.write(`\n${plainTable(['line', 'id', 'from', 'to', 'gray'], rows)}`);
  if (result.applied.length > options.limit) process.stdout.write(`… and ${result.applied.length - options.limit} more (--limit)\n`);
  const draft = deriveFrom(set.manifest, options, {
    message: `SME decisions from ${basename(file)}: ${result.applied.length} items decided, ${relabeled} relabeled`,
  });
  process.stdout.write('\n');
  writeDerived(set, draft, result.items, options);
  return EXIT.ok;
}
