import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { parse } from 'csv-parse';
import type { PredictionsCandidateConfig } from '../../config/candidate-schemas.js';
import type { Item } from '../../domain/golden/schema.js';
import { InputError, type Problem } from '../../domain/problems.js';
import type { TaskContext } from '../../domain/run/candidate.js';
import type { Prediction } from '../../domain/run/prediction.js';
import { parseJsonText } from '../formats/json-text.js';
import { readJsonlLines } from '../formats/jsonl-reader.js';
import { isRecord } from './extract-json.js';
import { toPrediction, type RawAnswer } from './to-prediction.js';

/** Enough to fix a file in one pass without flooding the terminal. */
const MAX_PROBLEMS = 200;
const ANSWER_FIELDS = ['label', 'score', 'category', 'rationale'] as const;

/** One row as read: where it is, and each mapped field's text or value with its column. */
interface Row {
  line: number;
  id: unknown;
  fields: Partial<Record<(typeof ANSWER_FIELDS)[number], { value: unknown; column: string }>>;
}

/**
 * Read a file of decisions already made (CSV, TSV or JSONL) into predictions by item id. Every
 * bad row is an input problem naming the file, line and column: an unknown label, a score that
 * is not a probability, an unknown category, a duplicate id, or an id that is not in the golden
 * set (a file for another set or version). Ids of the golden set absent from the file are not
 * an error here; the candidate reports them per item. A score, category or rationale the suite
 * does not map is still read from a column (key) of exactly that name, if the file has one.
 */
export async function readPredictionsFile(
  config: PredictionsCandidateConfig,
  task: TaskContext,
  items: readonly Item[],
): Promise<Map<string, Prediction>> {
  const file = config.path;
  const problems: Problem[] = [];
  const report = (problem: Problem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const golden = new Set(items.map((item) => item.id));
  const predictions = new Map<string, Prediction>();
  const firstLine = new Map<string, number>();

  const accept = (row: Row): void => {
    const at = (field: string, message: string, hint?: string): void =>
      report({ file, line: row.line, field, message, ...(hint === undefined ? {} : { hint }) });
    if (typeof row.id !== 'string' && typeof row.id !== 'number') {
      at(config.columns.id, 'the id is missing');
      return;
    }
    const id = String(row.id).trim();
    if (!golden.has(id)) {
      at(config.columns.id, `id '${id}' is not in the golden set`, 'is this file for another golden set or version?');
      return;
    }
    const first = firstLine.get(id);
    if (first !== undefined) {
      at(config.columns.id, `id '${id}' appears twice (first on line ${first})`);
      return;
    }
    firstLine.set(id, row.line);
    const raw: RawAnswer = {};
    for (const field of ANSWER_FIELDS) raw[field] = row.fields[field]?.value;
    const result = toPrediction(raw, task, { threshold: config.threshold, labelMap: config.label_map });
    if (!result.ok) {
      const column = /^score/.test(result.reason) ? row.fields.score?.column : row.fields.label?.column;
      at(column ?? config.columns.label ?? config.columns.score ?? 'label', result.reason);
      return;
    }
    const category = result.prediction.category;
    if (category !== undefined && task.categories.length > 0 && !task.categories.includes(category)) {
      at(row.fields.category?.column ?? 'category', `unknown category '${category}'`, `expected one of: ${task.categories.join(', ')}`);
      return;
    }
    predictions.set(id, result.prediction);
  };

  const format = config.format ?? (/^\.(?:jsonl|ndjson|json)$/i.test(extname(file)) ? 'jsonl' : 'csv');
  try {
    if (format === 'jsonl') await readJsonlRows(config, accept, report);
    else await readCsvRows(config, accept, report);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError({ file, message: `cannot read: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (problems.length > 0) throw new InputError(problems);
  return predictions;
}

async function readJsonlRows(config: PredictionsCandidateConfig, accept: (row: Row) => void, report: (problem: Problem) => void): Promise<void> {
  const file = config.path;
  for await (const { line, text } of readJsonlLines(file)) {
    const parsed = parseJsonText(text, file, line);
    if (!parsed.ok) {
      report(parsed.problem);
      continue;
    }
    if (!isRecord(parsed.value)) {
      report({ file, line, message: 'each line must be a JSON object' });
      continue;
    }
    const record = parsed.value;
    const row: Row = { line, id: record[config.columns.id], fields: {} };
    for (const field of ANSWER_FIELDS) {
      const key = config.columns[field] ?? (field !== 'label' && field in record ? field : undefined);
      if (key !== undefined) row.fields[field] = { value: record[key], column: key };
    }
    accept(row);
  }
}

async function readCsvRows(config: PredictionsCandidateConfig, accept: (row: Row) => void, report: (problem: Problem) => void): Promise<void> {
  const file = config.path;
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      delimiter: /\.tsv$/i.test(file) ? '\t' : ',',
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }),
  );
  let header: string[] | undefined;
  const index: Partial<Record<'id' | (typeof ANSWER_FIELDS)[number], number>> = {};
  try {
    for await (const entry of parser) {
      const { record, line } = csvEntry(entry);
      if (header === undefined) {
        header = record;
        const columnOf = (field: (typeof ANSWER_FIELDS)[number]): string | undefined =>
          config.columns[field] ?? (field !== 'label' && record.includes(field) ? field : undefined);
        const wanted = { id: config.columns.id, ...Object.fromEntries(ANSWER_FIELDS.map((field) => [field, columnOf(field)])) };
        const missing: string[] = [];
        for (const [field, column] of Object.entries(wanted)) {
          if (column === undefined) continue;
          const at = header.indexOf(column);
          if (at === -1) missing.push(column);
          else if (field === 'id' || isAnswerField(field)) index[field] = at;
        }
        if (missing.length > 0) {
          throw new InputError({
            file,
            line,
            message: `no column ${missing.map((name) => `'${name}'`).join(', ')} in the header`,
            hint: `the header has: ${header.join(', ')}; map yours with columns: {id, label, score, category}`,
          });
        }
        continue;
      }
      if (record.length !== header.length) {
        report({ file, line, message: `the row has ${record.length} columns, the header ${header.length}` });
        continue;
      }
      const row: Row = { line, id: cell(record, index.id), fields: {} };
      for (const field of ANSWER_FIELDS) {
        const at = index[field];
        if (at !== undefined) row.fields[field] = { value: cell(record, at), column: `${header[at] ?? field} (column ${at + 1})` };
      }
      accept(row);
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    const line = isRecord(error) && typeof error.lines === 'number' ? error.lines : undefined;
    throw new InputError({ file, ...(line === undefined ? {} : { line }), message: `not valid CSV: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (header === undefined) throw new InputError({ file, message: 'the file is empty (a header row is needed)' });
}

function isAnswerField(field: string): field is (typeof ANSWER_FIELDS)[number] {
  return (ANSWER_FIELDS as readonly string[]).includes(field);
}

/** An empty cell is an absent value, so an empty score column means "no score". */
function cell(record: readonly string[], at: number | undefined): string | undefined {
  const value = at === undefined ? undefined : record[at];
  return value === '' ? undefined : value;
}

/** csv-parse with `info: true` yields `{record, info}`; checked rather than cast. */
function csvEntry(entry: unknown): { record: string[]; line: number } {
  if (isRecord(entry) && Array.isArray(entry.record) && isRecord(entry.info) && typeof entry.info.lines === 'number') {
    return { record: entry.record.map(String), line: entry.info.lines };
  }
  throw new Error('unexpected CSV parser output');
}
