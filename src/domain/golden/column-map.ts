import type { Problem } from '../problems.js';

/**
 * How the columns of a spreadsheet export (or the keys of a JSONL export) become item fields.
 * Written on the command line as `--map id=ticket_id,text=body,label=final_decision`; a field
 * that is not mapped is taken from a column of the same name when there is one, so an export
 * that already uses spameval's names needs no mapping at all.
 *
 * Reviewers' labels come either from one column per reviewer (`reviews.<reviewer>=<column>`,
 * "wide") or from one row per item and reviewer (`reviewer=<column>`, `review_label=<column>`,
 * optional `review_group=<column>`, "long", rows of the same id merged into one item).
 */

export const SCALAR_FIELDS = ['id', 'text', 'label', 'category', 'gray_area', 'gray_reason', 'notes', 'stratum', 'weight'] as const;
export type ScalarField = (typeof SCALAR_FIELDS)[number];

export interface ReviewColumn {
  reviewer: string;
  column: string;
  group?: string;
}

/** Columns holding a whole object or list (JSONL exports in spameval's own item shape). */
export const OBJECT_FIELDS = ['fields', 'slices', 'reviews'] as const;
export type ObjectField = (typeof OBJECT_FIELDS)[number];

export interface ColumnMap {
  scalars: Partial<Record<ScalarField, string>>;
  objects: Partial<Record<ObjectField, string>>;
  fields: Record<string, string>;
  slices: Record<string, string>;
  reviews: ReviewColumn[];
  long?: { reviewer: string; label: string; group?: string };
}

/** Split `a=b,c=d` (and repeated options) into pairs; a value may itself contain `=`. */
export function parsePairs(specs: readonly string[], option: string): { pairs: [string, string][]; problems: Problem[] } {
  const pairs: [string, string][] = [];
  const problems: Problem[] = [];
  for (const spec of specs) {
    for (const part of spec.split(',')) {
      if (part.trim() === '') continue;
      const at = part.indexOf('=');
      const key = at > 0 ? part.slice(0, at).trim() : '';
      const value = at > 0 ? part.slice(at + 1).trim() : '';
      if (key === '' || value === '') problems.push({ field: option, message: `'${part}' is not key=value`, hint: `e.g. ${option} id=ticket_id,text=body` });
      else pairs.push([key, value]);
    }
  }
  return { pairs, problems };
}

export interface ColumnMapInput {
  /** `--map` values. */
  map: readonly string[];
  /** `--reviewer-group reviewer=group` values, for wide reviews. */
  reviewerGroups: readonly string[];
  /** The columns the file has (CSV header, or the keys seen in a JSONL file). */
  columns: readonly string[];
}

export function buildColumnMap(input: ColumnMapInput): { map: ColumnMap; problems: Problem[] } {
  const parsed = parsePairs(input.map, '--map');
  const groups = parsePairs(input.reviewerGroups, '--reviewer-group');
  const problems = [...parsed.problems, ...groups.problems];
  const map: ColumnMap = { scalars: {}, objects: {}, fields: {}, slices: {}, reviews: [] };
  const long: Partial<Record<'reviewer' | 'review_label' | 'review_group', string>> = {};
  const has = new Set(input.columns);
  const checkColumn = (key: string, column: string): void => {
    if (!has.has(column)) {
      problems.push({
        field: '--map',
        message: `${key}=${column}: the file has no column '${column}'`,
        hint: `its columns are: ${input.columns.join(', ')}`,
      });
    }
  };
  for (const [key, column] of parsed.pairs) {
    checkColumn(key, column);
    const dot = key.indexOf('.');
    const head = dot === -1 ? key : key.slice(0, dot);
    const name = dot === -1 ? '' : key.slice(dot + 1);
    const scalar = SCALAR_FIELDS.find((field) => field === key);
    const whole = OBJECT_FIELDS.find((field) => field === key);
    if (scalar !== undefined) map.scalars[scalar] = column;
    else if (whole !== undefined) map.objects[whole] = column;
    else if (head === 'fields' && name !== '') map.fields[name] = column;
    else if (head === 'slices' && name !== '') map.slices[name] = column;
    else if (head === 'reviews' && name !== '') map.reviews.push({ reviewer: name, column });
    else if (key === 'reviewer' || key === 'review_label' || key === 'review_group') long[key] = column;
    else {
      problems.push({
        field: '--map',
        message: `unknown field '${key}'`,
        hint: `map ${SCALAR_FIELDS.join(', ')}, fields, slices, reviews, fields.<name>, slices.<name>, reviews.<reviewer>, or reviewer + review_label (+ review_group)`,
      });
    }
  }
  for (const field of SCALAR_FIELDS) {
    if (map.scalars[field] === undefined && has.has(field)) map.scalars[field] = field;
  }
  for (const field of OBJECT_FIELDS) {
    if (map.objects[field] === undefined && has.has(field)) map.objects[field] = field;
  }
  if (map.scalars.id === undefined) problems.push({ field: '--map', message: "no column for 'id'", hint: 'map one: --map id=<column>' });
  if (map.scalars.text === undefined) problems.push({ field: '--map', message: "no column for 'text'", hint: 'map one: --map text=<column>' });
  if (long.reviewer !== undefined || long.review_label !== undefined || long.review_group !== undefined) {
    if (long.reviewer === undefined || long.review_label === undefined) {
      problems.push({ field: '--map', message: 'one row per review needs both reviewer=<column> and review_label=<column>' });
    } else {
      map.long = { reviewer: long.reviewer, label: long.review_label, ...(long.review_group === undefined ? {} : { group: long.review_group }) };
    }
    if (map.reviews.length > 0) {
      problems.push({ field: '--map', message: 'reviews.<reviewer> columns and reviewer/review_label rows cannot be mixed' });
    }
  }
  for (const [reviewer, group] of groups.pairs) {
    const review = map.reviews.find((r) => r.reviewer === reviewer);
    if (review === undefined) {
      problems.push({ field: '--reviewer-group', message: `'${reviewer}' is not a mapped reviewer`, hint: `map it: --map reviews.${reviewer}=<column>` });
    } else review.group = group;
  }
  return { map, problems };
}
