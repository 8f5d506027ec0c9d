import type { Problem } from '../problems.js';
import { appendNote } from './bump.js';
import { parseFlag, type SourceRow } from './import-rows.js';
import type { Item, Manifest } from './schema.js';

/**
 * SMEs' decisions (the `decision*` columns of the sheet `golden disagreements` exports) applied
 * to the items. A decided row sets the gold label, optionally the category and the gray flag,
 * and records the decision in the item's `notes`, so the reason for a label survives in the set.
 * A row whose decision columns are all empty is left undecided.
 */

export const DECISION_COLUMNS = ['decision', 'decision_category', 'decision_gray', 'decided_by', 'decision_note'] as const;

export interface DecisionOptions {
  file: string;
  /** Date of the decisions, for the note (YYYY-MM-DD). */
  date: string;
}

export interface AppliedDecision {
  id: string;
  line: number;
  from: string;
  to: string;
  grayFrom: boolean;
  grayTo: boolean;
}

export interface DecisionResult {
  items: Item[];
  applied: AppliedDecision[];
  undecided: number;
  problems: Problem[];
}

const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value).trim());

export function applyDecisions(
  items: readonly Item[],
  rows: readonly SourceRow[],
  manifest: Manifest,
  options: DecisionOptions,
): DecisionResult {
  const { file } = options;
  const problems: Problem[] = [];
  const at = (line: number, field: string, message: string, hint?: string): void => {
    problems.push({ file, line, field, message, ...(hint === undefined ? {} : { hint }) });
  };
  const index = new Map(items.map((item, position) => [item.id, position]));
  const categories = Object.keys(manifest.categories ?? {});
  const next = [...items];
  const applied: AppliedDecision[] = [];
  const decidedOn = new Map<string, number>();
  let undecided = 0;
  for (const row of rows) {
    const { line, values } = row;
    const id = text(values.id);
    const decision = text(values.decision);
    const category = text(values.decision_category);
    const grayCell = text(values.decision_gray);
    const decidedBy = text(values.decided_by);
    const note = text(values.decision_note);
    if (decision === '' && category === '' && grayCell === '' && note === '') {
      undecided += 1;
      continue;
    }
    const position = index.get(id);
    const item = position === undefined ? undefined : next[position];
    if (id === '') {
      at(line, 'id', 'id is empty');
      continue;
    }
    if (position === undefined || item === undefined) {
      at(line, 'id', `no item '${id}' in ${manifest.name}@${manifest.version}`);
      continue;
    }
    const earlier = decidedOn.get(id);
    if (earlier !== undefined) {
      at(line, 'id', `'${id}' was already decided on line ${earlier}`);
      continue;
    }
    decidedOn.set(id, line);
    const before = problems.length;
    if (decision === '') at(line, 'decision', 'is empty while other decision columns are filled', `one of: ${manifest.labels.join(', ')}`);
    else if (!manifest.labels.includes(decision)) at(line, 'decision', `unknown label '${decision}'`, `expected one of: ${manifest.labels.join(', ')}`);
    const removeCategory = category === '-' || category.toLowerCase() === 'none';
    if (category !== '' && !removeCategory && !categories.includes(category)) {
      at(line, 'decision_category', `unknown category '${category}'`, categories.length > 0 ? `expected one of: ${categories.join(', ')}, or none` : 'the manifest declares no categories');
    }
    const gray = parseFlag(grayCell);
    if (gray === 'invalid') at(line, 'decision_gray', `'${grayCell}' is not yes/no`, 'leave it empty to keep the gray flag as it is');
    if (problems.length > before || gray === 'invalid') continue;

    const grayTo = gray ?? item.gray_area === true;
    const updated: Item = { ...item, label: decision };
    if (removeCategory) delete updated.category;
    else if (category !== '') updated.category = category;
    if (grayTo) {
      updated.gray_area = true;
      updated.gray_reason = item.gray_reason ?? (note === '' ? 'SME: ambiguous under the policy' : `SME: ${note}`);
    } else {
      delete updated.gray_area;
      delete updated.gray_reason;
    }
    const by = decidedBy === '' ? '' : ` by ${decidedBy}`;
    const change = item.label === decision ? `confirmed ${decision}` : `${item.label} → ${decision}`;
    updated.notes = appendNote(item.notes, `SME decision ${options.date}${by}: ${change}${note === '' ? '' : ` — ${note}`}`);
    next[position] = updated;
    applied.push({ id, line, from: item.label, to: decision, grayFrom: item.gray_area === true, grayTo });
  }
  return { items: next, applied, undecided, problems };
}
