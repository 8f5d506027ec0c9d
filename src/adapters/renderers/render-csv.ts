/**
 * Per-item CSV: one row per golden item in the run's scope (the report's JSON stays small; this
 * is the file to sort and filter in a spreadsheet), and the confident-disagreement sheet for SME
 * review. Quoting is csv-stringify's (RFC 4180).
 */
import { stringify } from 'csv-stringify/sync';
import type { ConfidentDisagreement, ItemRow } from '../../domain/report/report-schema.js';
import { safeText } from './value-format.js';

// A cell starting with = + - @ (or a tab/CR before one) is run as a formula by spreadsheet
// programs; item text is adversarial, so such text cells get a leading apostrophe (OWASP's
// advice), which spreadsheets show as plain text. Numbers are written as numbers.
const FORMULA_START = /^[=+\-@\t\r]/;

export function csvText(value: string | null): string {
  if (value === null) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * Item text (excerpt, error message, the SME sheet's full text) as one inert line: the report's
 * one control-character rule (`safeText`) drops ESC and the other C0/C1 controls and bidi
 * overrides, and — a decision, not a necessity of CSV — tabs and newlines become spaces too, so
 * that a row is a line for grep, `head` and a terminal `cat`. Then the formula guard.
 */
export function csvItemText(value: string | null): string {
  return value === null ? '' : csvText(safeText(value, Number.MAX_SAFE_INTEGER));
}

const csvNumber = (value: number | null): string => (value === null ? '' : String(value));
const csvBoolean = (value: boolean | null): string => (value === null ? '' : value ? 'true' : 'false');

/** Fixed columns, then one `slice.<key>` column per slice key present, then the text excerpt. */
export function renderItemsCsv(rows: readonly ItemRow[]): string {
  const sliceKeys = [...new Set(rows.flatMap((row) => Object.keys(row.slices)))].sort();
  const columns = [
    'id',
    'gold_label',
    'predicted_label',
    'score',
    'correct',
    'status',
    'error_kind',
    'error_message',
    'gray',
    'category',
    'predicted_category',
    ...sliceKeys.map((key) => `slice.${key}`),
    'excerpt',
  ];
  const records = rows.map((row) => [
    csvText(row.id),
    csvText(row.gold_label),
    csvText(row.predicted_label),
    csvNumber(row.score),
    csvBoolean(row.correct),
    row.status,
    row.error_kind ?? '',
    csvItemText(row.error_message),
    csvBoolean(row.gray),
    csvText(row.category),
    csvText(row.predicted_category),
    ...sliceKeys.map((key) => csvText(row.slices[key] ?? null)),
    csvItemText(row.excerpt),
  ]);
  return stringify(records, { header: true, columns });
}

/**
 * Items where the candidate confidently contradicts the gold label, most confident first, for
 * SME review: `text` is the full item text when the caller has it (else the excerpt).
 */
export function renderDisagreementsCsv(
  items: readonly ConfidentDisagreement[],
  fullText?: (id: string) => string | undefined,
): string {
  const columns = ['id', 'gold_label', 'predicted_label', 'score', 'confidence', 'gray', 'category', 'text'];
  const records = items.map((item) => [
    csvText(item.id),
    csvText(item.gold_label),
    csvText(item.predicted_label),
    csvNumber(item.score),
    csvNumber(item.confidence),
    csvBoolean(item.gray),
    csvText(item.category),
    csvItemText(fullText?.(item.id) ?? item.excerpt),
  ]);
  return stringify(records, { header: true, columns });
}
