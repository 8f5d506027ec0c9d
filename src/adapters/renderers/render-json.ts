import type { Report } from '../../domain/report/report-schema.js';

/**
 * The JSON report: the documented, versioned contract (docs/report-schema.json). Two-space
 * indentation and a final newline, so that committed reports diff line by line.
 */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
