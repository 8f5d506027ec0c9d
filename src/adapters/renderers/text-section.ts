/** The shape shared by the terminal and Markdown renderers: titled sections of lines and plain-cell tables. */
import type { Cell } from './plain-table.js';

export interface TextTable {
  caption?: string;
  header: string[];
  rows: Cell[][];
}

export interface TextSection {
  id: string;
  title: string;
  lines: string[];
  tables: TextTable[];
  /** Detail a reader opens on demand: collapsed in Markdown (`<details>`). */
  detail: boolean;
}

/** How much of the long lists a format prints; every format's JSON/CSV counterpart has them all. */
export interface SectionOptions {
  /** Rows of item lists (confident disagreements) to print; all when absent. */
  listLimit?: number;
  /** Print triage grid rows only up to one past the stop. */
  gridToStop?: boolean;
}
