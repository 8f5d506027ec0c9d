/**
 * Column-aligned plain text (two spaces between columns, numbers right-aligned) for terminals
 * and CI logs, and the same rows as a GitHub Markdown table. Cells are single-line: item text
 * is spam, and a newline inside it must not break the layout.
 */

export type Cell = string | number;

// C0/C1 controls (an ESC lets text drive the terminal) and bidi overrides (they reorder what a
// reviewer reads): cells hold item text, which is adversarial; it is shown, never interpreted
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g;

/** A cell as one line of inert text. */
export function flatCell(cell: Cell): string {
  return String(cell).replace(UNSAFE, ' ').replace(/\s+/g, ' ');
}
const isNumeric = (cell: Cell): boolean => typeof cell === 'number' || /^[−+-]?\d[\d.,]*%?$/.test(cell);

export function plainTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const widths = header.map((title, k) => Math.max(title.length, ...rows.map((row) => flatCell(row[k] ?? '').length)));
  const line = (cells: readonly Cell[], numericRight: boolean): string =>
    header
      .map((_, k) => {
        const cell = cells[k] ?? '';
        const text = flatCell(cell);
        const width = widths[k] ?? 0;
        return numericRight && isNumeric(cell) ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header, false), ...rows.map((row) => line(row, true))].join('\n') + '\n';
}

/** Markdown escapes: pipes would end a cell, and HTML or mentions must render as text. */
export function markdownCell(cell: Cell): string {
  return flatCell(cell).replace(/([\\|`*_[\]<>#@])/g, '\\$1');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const numeric = header.map((_, k) => rows.length > 0 && rows.every((row) => isNumeric(row[k] ?? '')));
  return (
    [
      `| ${header.map(markdownCell).join(' | ')} |`,
      `|${numeric.map((right) => (right ? ' ---: ' : ' --- ')).join('|')}|`,
      ...rows.map((row) => `| ${header.map((_, k) => markdownCell(row[k] ?? '')).join(' | ')} |`),
    ].join('\n') + '\n'
  );
}

/** A value for a table: fixed decimals, or a dash for a value that does not exist. */
export function fixed(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined ? '—' : value.toFixed(digits);
}

export function percent(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(digits)}%`;
}
