import { join } from 'node:path';
import { renderCheckMarkdown, renderCheckTable } from '../../adapters/renderers/diff/render-check.js';
import { wantsColor } from '../../adapters/renderers/render-table.js';
import { checkRun, collectGates } from '../../app/release-check.js';
import { toGateResultJson } from '../../domain/gates/gate-result-schema.js';
import { InputError } from '../../domain/problems.js';
import { ciCheckOf, writeCiOutputs, type CiOutputOptions } from '../ci-outputs.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import type { GateFormat } from '../register/gates.js';
import { defaultGoldenRoots, loadRunWithGolden } from '../../app/load-run-with-golden.js';

export interface GateCommandOptions extends CiOutputOptions {
  format: GateFormat;
  gate?: string[];
  /** false with --no-suite-gates. */
  suiteGates: boolean;
  baseline?: string;
  /** Default true: a significant regression against the baseline fails the check. */
  failOnRegression: boolean;
  goldenRoot?: string[];
}

/**
 * `spameval gate <run>`: the gates of an existing run — those recorded from the suite when it
 * ran and any `--gate` — and, with a baseline, its diff. For runs made elsewhere (a CI matrix
 * merged with `spameval merge`) or re-checked with new gates without paying for a new run.
 */
export async function gateCommand(runDir: string, options: GateCommandOptions): Promise<ExitCode> {
  const roots = [...(options.goldenRoot ?? []), ...defaultGoldenRoots()];
  const target = await loadRunWithGolden(runDir, roots);
  const recorded = options.suiteGates ? target.run.meta.settings['gates'] : undefined;
  const suiteGates = Array.isArray(recorded) ? recorded.filter((gate): gate is string => typeof gate === 'string') : [];
  const file = target.run.meta.suite.file ?? join(target.run.dir, 'run.json');
  const parsed = collectGates({ file, gates: suiteGates }, options.gate ?? []);
  if (parsed.gates.length === 0 && parsed.problems.length === 0 && options.baseline === undefined) {
    throw new InputError({ message: 'nothing to check: the run records no gates and none were given', hint: 'add --gate "precision >= 0.97" or --baseline <run>' });
  }
  const baseline = options.baseline === undefined ? undefined : await loadRunWithGolden(options.baseline, roots);
  const generatedAt = new Date().toISOString();
  const checked = checkRun(target, parsed.gates, {
    generatedAt,
    needReport: true,
    problems: parsed.problems,
    failOnRegression: options.failOnRegression,
    ...(baseline ? { baseline } : {}),
  });
  const check = ciCheckOf(checked, baseline?.run.meta.run_id ?? null);
  const regressed = options.failOnRegression && checked.diff?.regression.regressed === true;
  const failed = checked.results.some((result) => !result.passed);
  if (options.format === 'json') {
    process.stdout.write(
      `${JSON.stringify(
        {
          schema_version: 1,
          kind: 'gates',
          run_id: target.run.meta.run_id,
          baseline_run_id: baseline?.run.meta.run_id ?? null,
          passed: !failed,
          regressed: checked.diff?.regression.regressed ?? null,
          gates: checked.results.map(toGateResultJson),
        },
        null,
        2,
      )}\n`,
    );
  } else if (options.format === 'md') process.stdout.write(renderCheckMarkdown(check));
  else process.stdout.write(renderCheckTable(check, { color: wantsColor(process.stdout, process.env) }));
  writeCiOutputs([check], options, process.env, generatedAt);
  if (regressed && checked.diff) process.stderr.write(`spameval: ${checked.diff.regression.summary}\n`);
  return failed ? EXIT.gateFailed : EXIT.ok;
}
