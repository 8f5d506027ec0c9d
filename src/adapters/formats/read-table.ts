import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { SourceRow } from '../../domain/golden/import-rows.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { parseJsonText } from './json-text.js';
import { readJsonlLines } from './jsonl-reader.js';

/**
 * A spreadsheet export (CSV/TSV with a header row) or a JSONL file as rows of named values,
 * each with the physical line it starts on, so that a bad cell can be found in an editor.
 * Rows that cannot be read at all (wrong number of cells, invalid JSON) are returned as
 * problems with their raw text; a broken quote makes the rest of a CSV unreadable and is fatal.
 */

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

export interface UnreadableRow {
  line: number;
  raw: string;
  problem: Problem;
}

export interface Table {
  file: string;
  format: TableFormat;
  /** CSV header, or every key seen in a JSONL file in order of appearance. */
  columns: string[];
  rows: SourceRow[];
  unreadable: UnreadableRow[];
}

export function tableFormatOf(file: string, format?: string): TableFormat {
  if (format === 'csv' || format === 'tsv' || format === 'jsonl') return format;
  if (format !== undefined) throw new InputError({ field: '--format', message: `unknown format '${format}'`, hint: 'csv, tsv or jsonl' });
  const extension = extname(file).toLowerCase();
  if (extension === '.csv') return 'csv';
  if (extension === '.tsv' || extension === '.tab') return 'tsv';
  if (extension === '.jsonl' || extension === '.ndjson') return 'jsonl';
  throw new InputError({ file, message: `cannot tell the format from the extension '${extension}'`, hint: 'pass --format csv|tsv|jsonl' });
}

export async function readTable(file: string, format?: string): Promise<Table> {
  if (!existsSync(file)) throw new InputError({ file, message: 'file not found' });
  const kind = tableFormatOf(file, format);
  return kind === 'jsonl' ? readJsonlTable(file) : readCsvTable(file, kind);
}

/**
 * Physical line numbers from byte offsets: csv-parse's own line count drifts on CRLF files with
 * quoted line breaks, but the byte offset where each record ends (`info.bytes`) is exact. A
 * record starts where the previous one ended, after any blank lines.
 */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** The line of the first non-blank byte at or after the previous record's end. */
  startOfNext(): { line: number; offset: number } {
    while (this.offset < this.bytes.length && (this.bytes[this.offset] === 0x0a || this.bytes[this.offset] === 0x0d)) {
      if (this.bytes[this.offset] === 0x0a) this.line += 1;
      this.offset += 1;
    }
    return { line: this.line, offset: this.offset };
  }

  /** Move to the end of the record just read. */
  advanceTo(end: number): void {
    for (let k = this.offset; k < end && k < this.bytes.length; k += 1) if (this.bytes[k] === 0x0a) this.line += 1;
    this.offset = Math.max(this.offset, end);
  }
}

/** What csv-parse yields with `info`: the cells of a record and where it ended. */
function isCsvEntry(entry: unknown): entry is { record: string[]; info: { bytes: number } } {
  if (typeof entry !== 'object' || entry === null || !('record' in entry) || !('info' in entry)) return false;
  const { record, info } = entry;
  return Array.isArray(record) && typeof info === 'object' && info !== null && 'bytes' in info && typeof info.bytes === 'number';
}

async function readCsvTable(file: string, format: 'csv' | 'tsv'): Promise<Table> {
  const bytes = await readFile(file);
  const rows: SourceRow[] = [];
  const unreadable: UnreadableRow[] = [];
  let columns: string[] | undefined;
  const lines = new LineCounter(bytes);
  // the byte order mark is not part of the first line's text, but it is part of the offsets
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) lines.advanceTo(3);
  const parser = Readable.from([bytes]).pipe(
    parse({ bom: true, delimiter: format === 'tsv' ? '\t' : ',', info: true, relax_column_count: true, skip_empty_lines: true }),
  );
  let start = lines.startOfNext();
  try {
    for await (const entry of parser) {
      if (!isCsvEntry(entry)) throw new Error('csv-parse gave a record without info');
      const { record, info } = entry;
      if (columns === undefined) columns = record.map((name) => name.trim());
      else if (record.length !== columns.length) {
        unreadable.push({
          line: start.line,
          raw: bytes.subarray(start.offset, info.bytes).toString('utf8'),
          problem: { file, line: start.line, message: `the row has ${record.length} cells, the header has ${columns.length}` },
        });
      } else {
        const header = columns;
        rows.push({ line: start.line, values: Object.fromEntries(header.map((name, k) => [name, record[k] ?? ''])) });
      }
      lines.advanceTo(info.bytes);
      start = lines.startOfNext();
    }
  } catch (error) {
    throw new InputError({
      file,
      line: start.line,
      message: `unreadable CSV from this line on: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'a quote is not closed, or text follows a closing quote; the file cannot be read past this point',
    });
  }
  const header = columns ?? [];
  const duplicate = header.find((name, index) => header.indexOf(name) !== index);
  if (duplicate !== undefined) throw new InputError({ file, line: 1, message: `the header names column '${duplicate}' twice` });
  return { file, format, columns: header, rows, unreadable };
}

async function readJsonlTable(file: string): Promise<Table> {
  const rows: SourceRow[] = [];
  const unreadable: UnreadableRow[] = [];
  const columns = new Set<string>();
  for await (const { line, text } of readJsonlLines(file)) {
    const parsed = parseJsonText(text, file, line);
    if (!parsed.ok) {
      unreadable.push({ line, raw: text, problem: parsed.problem });
      continue;
    }
    const value = parsed.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      unreadable.push({ line, raw: text, problem: { file, line, message: 'a line must be a JSON object' } });
      continue;
    }
    const values: Record<string, unknown> = { ...value };
    for (const key of Object.keys(values)) columns.add(key);
    rows.push({ line, values });
  }
  return { file, format: 'jsonl', columns: [...columns], rows, unreadable };
}
