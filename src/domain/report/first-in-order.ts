/**
 * `[...rows].sort(compare).slice(0, limit)` — the first `limit` rows in the order a stable sort
 * by `compare` puts them — without sorting them all: a report lists ten or fifty of possibly
 * hundreds of thousands. Rows that compare equal keep their order, as in the stable sort.
 */
export function firstInOrder<T extends number | object>(rows: readonly T[], compare: (a: T, b: T) => number, limit: number): T[] {
  // a negative, fractional or huge limit means what slice makes of it: sort them all
  if (!(Number.isInteger(limit) && limit >= 0 && limit < rows.length)) return [...rows].sort(compare).slice(0, limit);
  const first: T[] = [];
  if (limit === 0) return first;
  for (const row of rows) {
    const last = first[first.length - 1];
    if (first.length === limit && last !== undefined && !(compare(row, last) < 0)) continue;
    // after every kept row that does not sort after it: a later equal row stays later
    let at = first.length;
    for (let before = first[at - 1]; before !== undefined && compare(before, row) > 0; before = first[at - 1]) at -= 1;
    first.splice(at, 0, row);
    if (first.length > limit) first.pop();
  }
  return first;
}
