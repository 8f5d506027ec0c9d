import { writeFileSync } from 'node:fs';
import { toolVersion } from '../../adapters/package-root.js';
import { renderHtml } from '../../adapters/renderers/html/render-html.js';
import { renderDisagreementsCsv, renderItemsCsv } from '../../adapters/renderers/render-csv.js';
import { renderJson } from '../../adapters/renderers/render-json.js';
import { renderJunit } from '../../adapters/renderers/render-junit.js';
import { renderMarkdown } from '../../adapters/renderers/render-markdown.js';
import { renderTable, wantsColor } from '../../adapters/renderers/render-table.js';
import { loadReportFrame } from '../../app/load-report-frame.js';
import { loadRunWithGolden } from '../../app/load-run-with-golden.js';
import { evaluateGates, type GateResult } from '../../domain/gates/evaluate-gates.js';
import { isDeltaGate, parseGates } from '../../domain/gates/parse-gate.js';
import { InputError } from '../../domain/problems.js';
import { buildReportFromFrame } from '../../domain/report/build-report.js';
import { frameConfidentDisagreements } from '../../domain/report/build-gray-area.js';
import { buildItemRows } from '../../domain/report/join-run.js';
import type { ReportFrame } from '../../domain/report/report-frame.js';
import { metricValues } from '../../domain/report/report-metrics.js';
import type { Report } from '../../domain/report/report-schema.js';
import { resolveReportSettings, type ReportOverrides } from '../../domain/report/report-settings.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { ReportFormat } from '../register/report.js';

export interface ReportCommandOptions {
  format: ReportFormat;
  out?: string;
  prevalence?: number;
  volume?: number;
  aht?: number;
  costPerHour?: number;
  fpCost?: number;
  precisionTarget?: number;
  falseClearTarget?: number;
  confidence?: number;
  replicates?: number;
  seed?: number;
  exportDisagreements?: string;
}

function overridesOf(options: ReportCommandOptions): ReportOverrides {
  const pairs: [keyof ReportOverrides, number | undefined][] = [
    ['prevalence', options.prevalence],
    ['volumePerDay', options.volume],
    ['ahtSeconds', options.aht],
    ['costPerHour', options.costPerHour],
    ['fpCost', options.fpCost],
    ['precisionTarget', options.precisionTarget],
    ['falseClearTarget', options.falseClearTarget],
    ['confidence', options.confidence],
    ['bootstrapReplicates', options.replicates],
    ['bootstrapSeed', options.seed],
  ];
  const overrides: ReportOverrides = {};
  for (const [key, value] of pairs) if (value !== undefined) overrides[key] = value;
  return overrides;
}

/**
 * The suite's metric gates evaluated on the report (delta gates need a baseline: `spameval
 * diff`/`gate`). A gate that does not parse is bad input: exit 2.
 */
export function reportGates(report: Report, suiteFile: string | null): GateResult[] {
  const { gates, problems } = parseGates(
    report.settings.gates.map((text, index) => ({
      text,
      source: suiteFile === null ? ({ kind: 'flag' } as const) : ({ kind: 'suite', file: suiteFile, index } as const),
    })),
  );
  if (problems.length > 0) throw new InputError(problems);
  return evaluateGates(
    gates.filter((gate) => !isDeltaGate(gate)),
    { metrics: metricValues(report) },
  );
}

function render(report: Report, format: Exclude<ReportFormat, 'csv'>, suiteFile: string | null, color: boolean): string {
  switch (format) {
    case 'table':
      return renderTable(report, { color });
    case 'json':
      return renderJson(report);
    case 'md':
      return renderMarkdown(report);
    case 'junit': {
      const { run, golden_set: g } = report;
      return renderJunit([
        {
          name: `spameval gates: ${run.candidate.id} on ${g.name}@${g.version}`,
          classname: `spameval.${run.candidate.id}`,
          results: reportGates(report, suiteFile),
          ...(report.generated_at === null ? {} : { timestamp: report.generated_at }),
          properties: { run_id: run.run_id, golden_set: `${g.name}@${g.version}`, golden_sha256: g.sha256 },
        },
      ]);
    }
    case 'html':
      return renderHtml(report, { gates: reportGates(report, suiteFile) });
  }
}

/** Every confidently disputed item of a run (not only the report's first ones), full text included. */
function disagreementsCsv(frame: ReportFrame, minConfidence: number): { csv: string; total: number } {
  const { items, rows, total } = frameConfidentDisagreements(frame, minConfidence, Number.POSITIVE_INFINITY);
  const texts = new Map(rows.map((row) => [frame.id(row), frame.item(row).text]));
  return { csv: renderDisagreementsCsv(items, (id) => texts.get(id)), total };
}

export async function reportCommand(runDir: string, options: ReportCommandOptions): Promise<ExitCode> {
  const overrides = overridesOf(options);
  let text: string;
  let disagreements: { csv: string; total: number } | undefined;
  if (options.format === 'csv' && options.exportDisagreements === undefined) {
    // the per-item CSV is the joined run itself: the statistics (bootstrap included) are computed
    // only when something shows them
    const input = await loadRunWithGolden(runDir);
    // flags are checked for every format, the CSV included (exit 2 on a bad value)
    resolveReportSettings(input.run.meta.settings, overrides);
    text = renderItemsCsv(buildItemRows(input.golden, input.run));
  } else {
    // the run joined with its golden set column by column: a million predictions need not be a
    // million objects (the object path is taken, and reports any problem, when a file is unusual)
    const frame = await loadReportFrame(runDir);
    // buildReportFromFrame checks the flags (exit 2 on a bad value) before it computes anything
    const report = buildReportFromFrame(frame, { overrides, toolVersion: toolVersion(), generatedAt: new Date().toISOString() });
    // everything is rendered before anything is written: bad input leaves no partial output
    if (options.format === 'csv') {
      const input = await loadRunWithGolden(runDir);
      text = renderItemsCsv(buildItemRows(input.golden, input.run));
    } else {
      text = render(report, options.format, frame.meta.suite.file, options.out === undefined && wantsColor(process.stdout, process.env));
    }
    if (options.exportDisagreements !== undefined) {
      disagreements = disagreementsCsv(frame, report.gray_area.confident_disagreements.min_confidence);
    }
  }
  if (options.out === undefined) process.stdout.write(text);
  else writeFileSync(options.out, text);
  if (options.exportDisagreements !== undefined && disagreements !== undefined) {
    writeFileSync(options.exportDisagreements, disagreements.csv);
    process.stderr.write(`${disagreements.total} confidently disputed items written to ${options.exportDisagreements}\n`);
  }
  return EXIT.ok;
}
