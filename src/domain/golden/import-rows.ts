import type { Problem } from '../problems.js';
import { judgeReviews } from './adjudicate.js';
import { ItemChecker } from './check-items.js';
import type { ColumnMap, ScalarField } from './column-map.js';
import { ItemSchema, type Item, type Manifest, type Review } from './schema.js';

/**
 * Rows of a reviewed-items export → golden set items. Every bad cell is reported with the
 * physical line of its row and its column, all at once; an item with any problem is rejected
 * as a whole (with all its rows, in the one-row-per-review layout), so what is kept is exactly
 * the rows that had none.
 */

export interface SourceRow {
  /** The physical line where the row starts in the file. */
  line: number;
  values: Readonly<Record<string, unknown>>;
}

export interface ImportOptions {
  file: string;
  /** Export label → manifest label, e.g. `Spam → spam`. */
  labelMap: ReadonlyMap<string, string>;
  /** Ids already in the version the rows are added to. */
  existingIds: ReadonlySet<string>;
  /** Where the existing ids come from, for the message. */
  existingRef?: string;
  /** Share below which reviewers' majority is a split when the gold label comes from reviews. */
  minAgreement?: number;
}

export interface ImportedItem {
  item: Item;
  lines: number[];
  /** The gold label came from the reviews (no label cell). */
  adjudicated: boolean;
}

export interface ImportResult {
  items: ImportedItem[];
  /** Rejected items: their rows' lines and every problem found in them. */
  rejected: { id: string | undefined; lines: number[]; problems: Problem[] }[];
  problems: Problem[];
}

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

/** A yes/no cell (`true/false`, `yes/no`, `y/n`, `1/0`, any case); undefined when empty. */
export function parseFlag(value: unknown): boolean | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  return 'invalid';
}

const isEmpty = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

interface Draft {
  id: string | undefined;
  lines: number[];
  firstValues: Map<string, { value: unknown; line: number }>;
  reviews: { review: Review; column: string; line: number }[];
  problems: Problem[];
  /** A repeated id in the one-row-per-item layout: rejected as it is, not built. */
  duplicate?: boolean;
}

export function buildItemsFromRows(
  rows: readonly SourceRow[],
  map: ColumnMap,
  manifest: Manifest,
  options: ImportOptions,
): ImportResult {
  const { file } = options;
  const labels = new Set(manifest.labels);
  const at = (line: number, column: string, message: string, hint?: string): Problem => ({
    file,
    line,
    field: column,
    message,
    ...(hint === undefined ? {} : { hint }),
  });
  const toLabel = (raw: unknown, line: number, column: string, problems: Problem[]): string | undefined => {
    if (isEmpty(raw)) return undefined;
    const text = String(raw).trim();
    const mapped = options.labelMap.get(text) ?? text;
    if (labels.has(mapped)) return mapped;
    problems.push(
      at(line, column, `unknown label '${text}'`, `expected one of: ${manifest.labels.join(', ')}; or map it: --label-map '${text}=<label>'`),
    );
    return undefined;
  };

  // group rows into items: one per row, or all rows of an id in the one-row-per-review layout
  const drafts: Draft[] = [];
  const byId = new Map<string, Draft>();
  const idColumn = map.scalars.id ?? 'id';
  const itemColumns = [
    ...Object.values(map.scalars),
    ...Object.values(map.objects),
    ...Object.values(map.fields),
    ...Object.values(map.slices),
  ];
  for (const row of rows) {
    const rawId = row.values[idColumn];
    const id = isEmpty(rawId) ? undefined : String(rawId).trim();
    let draft = id === undefined ? undefined : byId.get(id);
    if (draft !== undefined && map.long === undefined) {
      const first = draft.lines[0];
      const problems: Problem[] = [at(row.line, idColumn, `duplicate id '${id}' (first on line ${first})`)];
      drafts.push({ id, lines: [row.line], firstValues: new Map(), reviews: [], problems, duplicate: true });
      continue;
    }
    if (draft === undefined) {
      draft = { id, lines: [], firstValues: new Map(), reviews: [], problems: [] };
      drafts.push(draft);
      if (id === undefined) draft.problems.push(at(row.line, idColumn, 'id is empty'));
      else byId.set(id, draft);
    }
    draft.lines.push(row.line);
    for (const column of itemColumns) {
      const value = row.values[column];
      if (isEmpty(value)) continue;
      const seen = draft.firstValues.get(column);
      if (seen === undefined) draft.firstValues.set(column, { value, line: row.line });
      else if (JSON.stringify(seen.value) !== JSON.stringify(value)) {
        draft.problems.push(at(row.line, column, `differs from line ${seen.line} for the same id '${id}'`, 'item columns must agree on every row of an item'));
      }
    }
    const addReview = (reviewer: string, rawLabel: unknown, column: string, group: string | undefined): void => {
      const label = toLabel(rawLabel, row.line, column, draft.problems);
      if (label !== undefined) draft.reviews.push({ review: { reviewer, label, ...(group === undefined ? {} : { group }) }, column, line: row.line });
    };
    for (const { reviewer, column, group } of map.reviews) addReview(reviewer, row.values[column], column, group);
    const listed = map.objects.reviews === undefined ? undefined : row.values[map.objects.reviews];
    if (map.objects.reviews !== undefined && !isEmpty(listed)) {
      const column = map.objects.reviews;
      if (!Array.isArray(listed)) draft.problems.push(at(row.line, column, 'must be a list of {reviewer, label, group?}'));
      else {
        listed.forEach((entry: unknown, k) => {
          if (typeof entry !== 'object' || entry === null || !('reviewer' in entry) || typeof entry.reviewer !== 'string' || !('label' in entry)) {
            draft.problems.push(at(row.line, `${column}.${k}`, 'must be {reviewer, label, group?}'));
            return;
          }
          const group = 'group' in entry && typeof entry.group === 'string' ? entry.group : undefined;
          addReview(entry.reviewer, entry.label, column, group);
        });
      }
    }
    if (map.long !== undefined) {
      const reviewer = row.values[map.long.reviewer];
      const label = row.values[map.long.label];
      const group = map.long.group === undefined ? undefined : row.values[map.long.group];
      if (isEmpty(reviewer) !== isEmpty(label)) {
        const missing = isEmpty(reviewer) ? map.long.reviewer : map.long.label;
        draft.problems.push(at(row.line, missing, 'is empty while the row has a review'));
      } else if (!isEmpty(reviewer)) {
        addReview(String(reviewer).trim(), label, map.long.label, isEmpty(group) ? undefined : String(group).trim());
      }
    }
  }

  const checker = new ItemChecker(manifest, file);
  const result: ImportResult = { items: [], rejected: [], problems: [] };
  for (const draft of drafts) {
    const line = draft.lines[0] ?? 0;
    const problems = [...draft.problems];
    if (draft.duplicate === true) {
      result.rejected.push({ id: draft.id, lines: draft.lines, problems });
      result.problems.push(...problems);
      continue;
    }
    const cell = (field: ScalarField): { value: unknown; line: number; column: string } | undefined => {
      const column = map.scalars[field];
      const found = column === undefined ? undefined : draft.firstValues.get(column);
      return column === undefined || found === undefined ? undefined : { ...found, column };
    };
    const candidate: Record<string, unknown> = { id: draft.id ?? '' };
    const text = cell('text');
    if (text === undefined) problems.push(at(line, map.scalars.text ?? 'text', 'text is empty'));
    else if (typeof text.value !== 'string') problems.push(at(text.line, text.column, `text must be a string, got ${JSON.stringify(text.value)}`));
    else candidate.text = text.value;

    const labelCell = cell('label');
    const label = labelCell === undefined ? undefined : toLabel(labelCell.value, labelCell.line, labelCell.column, problems);
    for (const field of ['category', 'gray_reason', 'notes', 'stratum'] as const) {
      const found = cell(field);
      if (found !== undefined) candidate[field] = typeof found.value === 'string' ? found.value.trim() : String(found.value);
    }
    const gray = cell('gray_area');
    if (gray !== undefined) {
      const flag = parseFlag(gray.value);
      if (flag === 'invalid') problems.push(at(gray.line, gray.column, `'${String(gray.value)}' is not yes/no`, 'use true/false, yes/no or 1/0'));
      else if (flag !== undefined) candidate.gray_area = flag;
    }
    const weight = cell('weight');
    if (weight !== undefined) {
      const value = typeof weight.value === 'number' ? weight.value : Number(String(weight.value).trim());
      if (!Number.isFinite(value) || value <= 0) problems.push(at(weight.line, weight.column, `weight must be a positive number, got '${String(weight.value)}'`));
      else candidate.weight = value;
    }
    const nested = (columns: Record<string, string>, asText: boolean): Record<string, unknown> | undefined => {
      const entries = Object.entries(columns).flatMap(([name, column]) => {
        const found = draft.firstValues.get(column);
        if (found === undefined) return [];
        return [[name, asText && typeof found.value !== 'string' ? String(found.value) : found.value] as const];
      });
      return entries.length === 0 ? undefined : Object.fromEntries(entries);
    };
    const whole = (field: 'fields' | 'slices'): Record<string, unknown> | undefined => {
      const column = map.objects[field];
      const found = column === undefined ? undefined : draft.firstValues.get(column);
      if (column === undefined || found === undefined) return undefined;
      if (typeof found.value === 'object' && found.value !== null && !Array.isArray(found.value)) return { ...found.value };
      problems.push(at(found.line, column, `must be an object, got ${JSON.stringify(found.value)}`));
      return undefined;
    };
    const fields = { ...whole('fields'), ...nested(map.fields, false) };
    if (Object.keys(fields).length > 0) candidate.fields = fields;
    const slices = { ...whole('slices'), ...nested(map.slices, true) };
    if (Object.keys(slices).length > 0) candidate.slices = slices;
    if (draft.reviews.length > 0) candidate.reviews = draft.reviews.map((r) => r.review);

    let adjudicated = false;
    if (label !== undefined) candidate.label = label;
    else if (labelCell === undefined && draft.reviews.length > 0) {
      const verdict = judgeReviews(draft.id ?? '', draft.reviews.map((r) => r.review), undefined, {
        rule: 'majority',
        labels: manifest.labels,
        positive: manifest.positive,
        ...(options.minAgreement === undefined ? {} : { minAgreement: options.minAgreement }),
      });
      if (verdict !== undefined) {
        candidate.label = verdict.label;
        adjudicated = true;
        if (verdict.grayReason !== undefined && candidate.gray_area !== true) {
          candidate.gray_area = true;
          candidate.gray_reason ??= verdict.grayReason;
        }
      }
    } else if (labelCell === undefined) {
      problems.push(at(line, map.scalars.label ?? 'label', 'no gold label and no reviews to take one from', 'map a label column, or reviewers\' columns'));
    }
    if (draft.id !== undefined && options.existingIds.has(draft.id)) {
      problems.push(at(line, idColumn, `id '${draft.id}' is already in ${options.existingRef ?? 'the set'}`, 'use --replace to make a version of only these rows'));
    }

    if (problems.length === 0) {
      const parsed = ItemSchema.safeParse(candidate);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? '');
          const column = columnOf(map, field, issue.path.map(String)) ?? field;
          problems.push(at(line, column, issue.message));
        }
      } else {
        for (const problem of checker.check(parsed.data, line)) {
          const path = (problem.field ?? '').split('.');
          const review = path[0] === 'reviews' ? draft.reviews[Number(path[1])] : undefined;
          const column = review?.column ?? columnOf(map, path[0] ?? '', path) ?? problem.field ?? '';
          problems.push({ ...problem, line: review?.line ?? line, field: column });
        }
        if (problems.length === 0) {
          result.items.push({ item: parsed.data, lines: draft.lines, adjudicated });
          continue;
        }
      }
    }
    result.rejected.push({ id: draft.id, lines: draft.lines, problems });
    result.problems.push(...problems);
  }
  result.problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return result;
}

/** The column an item field came from, to name it in a problem. */
function columnOf(map: ColumnMap, field: string, path: readonly string[]): string | undefined {
  const scalar = Object.entries(map.scalars).find(([name]) => name === field);
  if (scalar !== undefined) return scalar[1];
  const key = path[1];
  if (field === 'fields' && key !== undefined && map.fields[key] !== undefined) return map.fields[key];
  if (field === 'slices' && key !== undefined && map.slices[key] !== undefined) return map.slices[key];
  const whole = Object.entries(map.objects).find(([name]) => name === field);
  if (whole !== undefined) return [whole[1], ...path.slice(1)].join('.');
  return undefined;
}
