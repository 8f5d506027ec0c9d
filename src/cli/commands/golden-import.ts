import { writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readTable, type Table } from '../../adapters/formats/read-table.js';
import { buildColumnMap, parsePairs } from '../../domain/golden/column-map.js';
import { buildItemsFromRows, type ImportResult } from '../../domain/golden/import-rows.js';
import { formatProblem, InputError } from '../../domain/problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { deriveFrom, loadSet, shortPath, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenImportOptions extends WriteOptions {
  into: string;
  map?: string[];
  labelMap?: string[];
  reviewerGroup?: string[];
  format?: string;
  replace?: boolean;
  skipInvalid?: boolean;
  rejects?: string;
  minAgreement?: number;
}

/**
 * A reviewed export (CSV, TSV or JSONL) → a new version of a set: the parent's items plus the
 * rows (or only the rows with --replace). Any bad row stops the import with every problem
 * listed, unless --skip-invalid, which writes the good rows and puts the bad ones, with their
 * problems, in a rejects file to fix and import again.
 */
export async function goldenImportCommand(file: string, options: GoldenImportOptions): Promise<ExitCode> {
  const parent = await loadSet(options.into, options);
  const table = await readTable(file, options.format);
  const columnMap = buildColumnMap({ map: options.map ?? [], reviewerGroups: options.reviewerGroup ?? [], columns: table.columns });
  const labelPairs = parsePairs(options.labelMap ?? [], '--label-map');
  const usage = [...columnMap.problems, ...labelPairs.problems];
  if (usage.length > 0) throw new InputError(usage);

  const keep = options.replace === true ? [] : parent.items;
  const result = buildItemsFromRows(table.rows, columnMap.map, parent.manifest, {
    file,
    labelMap: new Map(labelPairs.pairs),
    existingIds: new Set(keep.map((item) => item.id)),
    existingRef: parent.ref,
    ...(options.minAgreement === undefined ? {} : { minAgreement: options.minAgreement }),
  });
  const problems = [...table.unreadable.map((row) => row.problem), ...result.problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const badRows = table.unreadable.length + result.rejected.reduce((sum, rejected) => sum + rejected.lines.length, 0);
  if (problems.length > 0 && options.skipInvalid !== true) {
    throw new InputError([
      ...problems,
      { message: `${badRows} of ${table.rows.length + table.unreadable.length} rows are bad; nothing was written`, hint: 'fix them, or pass --skip-invalid to import the good rows and write the bad ones to a rejects file' },
    ]);
  }
  const items = [...keep, ...result.items.map((entry) => entry.item)];
  if (result.items.length === 0) {
    throw new InputError({ file, message: 'no row could be imported', hint: problems.length > 0 ? 'see the rejects' : 'the file has no rows' });
  }
  const adjudicated = result.items.filter((entry) => entry.adjudicated).length;
  const summary =
    `${table.format.toUpperCase()} ${shortPath(resolve(file))}: ${result.items.length} items from ${table.rows.length + table.unreadable.length} rows` +
    `${adjudicated > 0 ? `, ${adjudicated} gold labels from reviewers' majority` : ''}` +
    `${badRows > 0 ? `, ${badRows} bad rows skipped` : ''}`;
  const draft = deriveFrom(parent.manifest, options, {
    message: `Imported ${result.items.length} items from ${basename(file)}${options.replace === true ? ' (replacing all items)' : ''}`,
  });
  process.stdout.write(`${summary}\n`);
  writeDerived(parent, draft, items, options);
  if (badRows > 0) {
    for (const problem of problems) process.stderr.write(`${formatProblem(problem)}\n`);
    const rejectsFile = options.rejects ?? defaultRejectsFile(file, table.format);
    if (options.dryRun !== true) {
      writeFileSync(rejectsFile, rejectsText(table, result));
      process.stderr.write(`${badRows} bad rows written to ${shortPath(resolve(rejectsFile))}\n`);
    } else process.stderr.write(`dry run: would write ${badRows} bad rows to ${shortPath(resolve(rejectsFile))}\n`);
  }
  return EXIT.ok;
}

function defaultRejectsFile(file: string, format: Table['format']): string {
  const extension = extname(file);
  return join(dirname(file), `${basename(file, extension)}.rejects${format === 'jsonl' ? '.jsonl' : format === 'tsv' ? '.tsv' : '.csv'}`);
}

/**
 * The bad rows as they were, with the line they came from and what is wrong, in the input's
 * format, so the file can be fixed and imported again (the two extra columns are ignored).
 */
function rejectsText(table: Table, result: ImportResult): string {
  const problemsByLine = new Map<number, string[]>();
  const note = (line: number, message: string): void => {
    problemsByLine.set(line, [...(problemsByLine.get(line) ?? []), message]);
  };
  for (const row of table.unreadable) note(row.line, formatProblem({ ...row.problem, file: undefined, line: undefined }));
  const rejectedLines = new Set<number>();
  for (const rejected of result.rejected) {
    for (const line of rejected.lines) rejectedLines.add(line);
    const first = rejected.lines[0] ?? 0;
    for (const problem of rejected.problems) note(problem.line ?? first, formatProblem({ ...problem, file: undefined, line: undefined }));
  }
  const rows = table.rows.filter((row) => rejectedLines.has(row.line));
  if (table.format === 'jsonl') {
    const lines = [
      ...table.unreadable.map((row) => ({ line: row.line, problems: problemsByLine.get(row.line) ?? [], raw: row.raw })),
      ...rows.map((row) => ({ line: row.line, problems: problemsByLine.get(row.line) ?? [], record: row.values })),
    ].sort((a, b) => a.line - b.line);
    return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
  }
  const header = [...table.columns, '_line', '_problems'];
  const records = [
    ...rows.map((row) => ({ line: row.line, cells: table.columns.map((column) => String(row.values[column] ?? '')) })),
    ...table.unreadable.map((row) => ({ line: row.line, cells: table.columns.map((_, k) => (k === 0 ? row.raw.trimEnd() : '')) })),
  ].sort((a, b) => a.line - b.line);
  return stringify(
    [header, ...records.map((record) => [...record.cells, String(record.line), (problemsByLine.get(record.line) ?? []).join('; ')])],
    { delimiter: table.format === 'tsv' ? '\t' : ',' },
  );
}
