/**
 * The report for a terminal: titled sections, cli-table3 tables, colour when asked for (the
 * caller decides: a TTY without NO_COLOR). Without colour the output is plain, stable text that
 * CI logs and tests can compare.
 */
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import type { Report } from '../../domain/report/report-schema.js';
import type { Cell } from './plain-table.js';
import { reportSections, safeText, type TextSection, type TextTable } from './report-sections.js';

export interface RenderTableOptions {
  color: boolean;
  /** Leave out the sections a reader opens on demand (per slice, operating points, …). */
  brief?: boolean;
}

/** Whether to colour a stream: a terminal, and no NO_COLOR (https://no-color.org) in the environment. */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env['NO_COLOR'] ?? '') === '' && env['TERM'] !== 'dumb';
}

const NUMERIC = /^[−+-]?[\d.,]+%?(?: \(.*\))?$|^—|^$/;

function cellText(cell: Cell): string {
  return typeof cell === 'number' ? String(cell) : safeText(cell, Number.MAX_SAFE_INTEGER);
}

export function renderTextTable(table: TextTable, chalk: ChalkInstance): string {
  const t = new Table({
    head: table.header.map((h) => chalk.bold(cellText(h))),
    // no cli-table3 styling of its own: colour comes from chalk alone, so NO_COLOR means none
    style: { head: [], border: [], compact: true },
    colAligns: table.header.map((_, k) =>
      k > 0 && table.rows.length > 0 && table.rows.every((row) => NUMERIC.test(cellText(row[k] ?? ''))) ? 'right' : 'left',
    ),
  });
  for (const row of table.rows) t.push(table.header.map((_, k) => cellText(row[k] ?? '')));
  const caption = table.caption === undefined ? '' : `${chalk.dim(safeText(table.caption, Number.MAX_SAFE_INTEGER))}\n`;
  return `${caption}${t.toString()}\n`;
}

export function renderTextSection(section: TextSection, chalk: ChalkInstance): string {
  const parts = [`${chalk.bold.underline(section.title)}\n`];
  for (const line of section.lines) parts.push(`${safeText(line, Number.MAX_SAFE_INTEGER)}\n`);
  for (const table of section.tables) parts.push(renderTextTable(table, chalk));
  return parts.join('');
}

function heading(report: Report, chalk: ChalkInstance): string {
  const { run, golden_set: g } = report;
  return `${chalk.bold(`spameval report: ${safeText(run.candidate.id)} on ${g.name}@${g.version}`)}\n`;
}

const TABLE_LIMITS = { listLimit: 10, gridToStop: true } as const;

export function renderTable(report: Report, options: RenderTableOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  // a CI log is read top to bottom: long lists are cut here and stay whole in json, csv, md and html
  const sections = reportSections(report, TABLE_LIMITS).filter((section) => !(options.brief && section.detail));
  return [heading(report, chalk), ...sections.map((section) => renderTextSection(section, chalk))].join('\n');
}
