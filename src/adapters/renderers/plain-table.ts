/**
 * Column-aligned plain text (two spaces between columns, numbers right-aligned) for terminals
 * and CI logs, and the same rows as a GitHub Markdown table. Cells are single-line: item text
 * is spam, and a newline inside it must not break the layout.
 */

export type Cell = string | number;

const flat = (cell: Cell): string => String(cell).replace(/\s+/g, ' ');
const isNumeric = (cell: Cell): boolean => typeof cell === 'number' || /^[−+-]?\d[\d.,]*%?$/.test(cell);

export function plainTable(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const widths = header.map((title, k) => Math.max(title.length, ...rows.map((row) => flat(row[k] ?? '').length)));
  const line = (cells: readonly Cell[], numericRight: boolean): string =>
    header
      .map((_, k) => {
        const cell = cells[k] ?? '';
        const text = flat(cell);
        const width = widths[k] ?? 0;
        return numericRight && isNumeric(cell) ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
      .trimEnd();
  return [line(header, false), ...rows.map((row) => line(row, true))].join('\n') + '\n';
}

/** Markdown escapes: pipes would end a cell, and HTML or mentions must render as text. */
export function markdownCell(cell: Cell): string {
  return flat(cell).replace(/([\\|`*_[\]<>#@])/g, '\\$1');
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
