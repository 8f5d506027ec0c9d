/**
 * `spameval run` as a CI job, through the built CLI: gates from the suite and --gate, a diff
 * against the committed baseline run, JUnit (parsed by Python's XML parser), the Markdown summary
 * appended to $GITHUB_STEP_SUMMARY, and every exit code of SPEC §6.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/golden-fixture.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const suite = (name: string): string => join(repoRoot, 'fixtures/diff-ci', name);

interface JunitCase {
  name: string;
  classname: string;
  failure: string | null;
}
interface Junit {
  tests: number;
  failures: number;
  suites: { name: string; tests: number; failures: number; properties: Record<string, string>; cases: JunitCase[] }[];
}

/** JUnit read by a real XML parser (Python's xml.etree), not by regular expressions. */
function parseJunit(file: string): Junit {
  const script = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == 'testsuites'
out = {'tests': int(root.get('tests')), 'failures': int(root.get('failures')), 'suites': []}
for s in root.findall('testsuite'):
    cases = []
    for c in s.findall('testcase'):
        f = c.find('failure')
        cases.append({'name': c.get('name'), 'classname': c.get('classname'), 'failure': None if f is None else f.get('message')})
    props = {p.get('name'): p.get('value') for p in s.findall('properties/property')}
    out['suites'].append({'name': s.get('name'), 'tests': int(s.get('tests')), 'failures': int(s.get('failures')), 'properties': props, 'cases': cases})
print(json.dumps(out))
`;
  const parsed: unknown = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
  return parsed as Junit;
}

function runDirs(out: string): string[] {
  return existsSync(out) ? readdirSync(out).filter((name) => existsSync(join(out, name, 'run.json'))) : [];
}

describe('spameval run with gates and a baseline (built CLI)', () => {
  it('exit 0: gates hold; JUnit has one passing test case per gate; the summary is appended to $GITHUB_STEP_SUMMARY', async () => {
    const out = tempDir('spameval-gates-');
    const step = join(out, 'step-summary.md');
    writeFileSync(step, '# earlier step\n');
    const result = await runCli(
      ['run', '-c', suite('suite.yaml'), '--out', out, '-q', '--no-cache', '--junit', join(out, 'gates.xml'), '--summary-md', join(out, 'summary.md')],
      { env: { GITHUB_STEP_SUMMARY: step } },
    );
    expect(result.stderr).not.toMatch(/gate failed/);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Gates: all 3 hold; no significant regression');
    expect(result.stdout).toMatch(/│ pass\s+│ f1_delta >= -0\.05\s+│ f1_delta = 0\.150725 \(95% CI \[/);
    expect(result.stdout).not.toMatch(/\u001b\[/);

    const junit = parseJunit(join(out, 'gates.xml'));
    expect(junit).toMatchObject({ tests: 4, failures: 0 });
    expect(junit.suites[0]?.name).toBe('spameval gates: model-v2 on diff-basic@1.0.0');
    expect(junit.suites[0]?.properties).toMatchObject({ baseline_run_id: 'a-baseline', golden_set: 'diff-basic@1.0.0' });
    expect(junit.suites[0]?.cases.map((c) => [c.name, c.classname, c.failure])).toEqual([
      ['recall >= 0.8', 'spameval.model-v2', null],
      ['category.pharma.recall >= 0.8', 'spameval.model-v2', null],
      ['f1_delta >= -0.05', 'spameval.model-v2', null],
      ['no significant regression (McNemar, Holm)', 'spameval.model-v2', null],
    ]);

    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toMatch(/^## spameval: model-v2 on diff-basic\\@1\.0\.0/);
    expect(summary).toContain('### Gates: all 3 hold; no significant regression');
    expect(summary).toContain('### ⚪ spameval diff: model-v2 vs rules-v1');
    expect(readFileSync(step, 'utf8')).toBe(`# earlier step\n${summary}\n`);
  });

  it('exit 1: a failed gate is a JUnit failure whose message is the gate and the value', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite.yaml'), '--out', out, '-q', '--no-cache', '--gate', 'precision >= 0.99', '--junit', join(out, 'gates.xml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('gate failed: precision >= 0.99: precision = 0.954545 < 0.99');
    const junit = parseJunit(join(out, 'gates.xml'));
    expect(junit).toMatchObject({ tests: 5, failures: 1 });
    const failed = junit.suites[0]?.cases.filter((c) => c.failure !== null);
    expect(failed).toEqual([{ name: 'precision >= 0.99', classname: 'spameval.model-v2', failure: 'precision = 0.954545 < 0.99' }]);
  });

  it('exit 1: a McNemar-significant regression fails the run, visibly: gate table, headline, JUnit, step summary', async () => {
    const out = tempDir('spameval-gates-');
    const step = join(out, 'step-summary.md');
    const regressed = await runCli(['run', '-c', suite('suite-regressed.yaml'), '--out', out, '-q', '--no-cache', '--junit', join(out, 'gates.xml')], {
      env: { GITHUB_STEP_SUMMARY: step },
    });
    expect(regressed.code).toBe(1);
    expect(regressed.stderr).toContain('model-v3: Regression: B has significantly more errors (14 new vs 0 fixed');
    expect(regressed.stdout).toContain('Gates: all 1 hold; REGRESSED against the baseline (McNemar, Holm)');
    expect(regressed.stdout).not.toMatch(/Gates: all \d+ hold\s*\(/);
    expect(regressed.stdout).toMatch(/│ FAIL\s+│ no significant regression \(McNemar, Holm\)\s+│ Regression: B has significantly more errors/);
    const junit = parseJunit(join(out, 'gates.xml'));
    expect(junit).toMatchObject({ tests: 2, failures: 1 });
    const failed = junit.suites[0]?.cases.filter((c) => c.failure !== null);
    expect(failed?.map((c) => c.name)).toEqual(['no significant regression (McNemar, Holm)']);
    expect(failed?.[0]?.failure).toMatch(/^Regression: B has significantly more errors \(14 new vs 0 fixed/);
    const summary = readFileSync(step, 'utf8');
    expect(summary).toContain('### Gates: all 1 hold; REGRESSED against the baseline (McNemar, Holm)');
    expect(summary).toMatch(/\| FAIL \| no significant regression \(McNemar, Holm\) \| Regression: B has significantly more errors/);
    const allowed = await runCli(['run', '-c', suite('suite-regressed.yaml'), '--out', out, '-q', '--no-cache', '--no-fail-on-regression']);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('Gates: all 1 hold; regressed, not failing (--no-fail-on-regression)');
  });

  it('exit 2: a malformed suite gate, with file, line and field, before anything runs', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite-bad-gate.yaml'), '--out', out, '-q']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${suite('suite-bad-gate.yaml')}:12: field 'gates.1': gate 'recall >> 0.8': unknown operator '>>'`);
    expect(runDirs(out)).toEqual([]);
  });

  it('exit 2: an unknown metric or a diff gate without a baseline, named, before anything runs', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite-incomplete.yaml'), '--out', out, '-q', '--gate', 'precison >= 0.9', '--gate', 'f1_delta >= 0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--gate 'precison >= 0.9': unknown metric 'precison' (did you mean 'precision'?)");
    expect(result.stderr).toContain("--gate 'f1_delta >= 0': is a diff gate but no baseline run was given");
    expect(runDirs(out)).toEqual([]);
  });

  it('exit 2 before the run for a category or slice value the golden set does not have, with the close names', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite.yaml'), '--out', out, '-q', '--no-cache', '--gate', 'category.phishng.recall >= 0.5', '--gate', 'category.phishng.recall_delta >= 0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--gate 'category.phishng.recall >= 0.5': unknown metric 'category.phishng.recall' (did you mean 'category.phishing.recall'?)");
    expect(result.stderr).toContain("unknown metric 'category.phishng.recall_delta' (did you mean 'category.phishing.recall_delta'?)");
    expect(runDirs(out)).toEqual([]);
    const tiny = join(repoRoot, 'fixtures/tiny-suite/spameval.config.yaml');
    const category = await runCli(['run', '-c', tiny, '--out', out, '-q', '--no-cache', '--gate', 'category.phishing.recall >= 0.8', '--gate', 'slice.surface.sms.recall >= 0.5']);
    expect(category.code).toBe(2);
    expect(category.stderr).toContain("--gate 'category.phishing.recall >= 0.8': unknown metric 'category.phishing.recall'");
    expect(category.stderr).toMatch(/'category\.(scam|pharma)\.recall'/);
    expect(category.stderr).toContain("--gate 'slice.surface.sms.recall >= 0.5': unknown metric 'slice.surface.sms.recall'");
    expect(category.stderr).toMatch(/'slice\.surface\.(email|comment)\.recall'/);
    expect(runDirs(out)).toEqual([]);
    const known = await runCli(['run', '-c', tiny, '--out', out, '-q', '--no-cache', '--gate', 'category.scam.recall >= 0', '--gate', 'slice.surface.email.items >= 0']);
    expect(known.stderr).not.toMatch(/unknown metric/);
    expect(known.code).toBe(0);
  });

  it('exit 2 before the run: every problem of every gate at once, thresholds outside the metric\'s range among them', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli([
      'run', '-c', suite('suite-bad-gate.yaml'), '--out', out, '-q',
      '--gate', 'precision >= 97', '--gate', 'automation_rate_delta >= -2', '--gate', 'coverage <= -0.1', '--gate', 'precison >= 0.9', '--gate', 'mcc >= -0.5',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("gate 'recall >> 0.8': unknown operator '>>'");
    expect(result.stderr).toContain("--gate 'precision >= 97': threshold 97 is outside [0, 1], the values precision can take (a proportion) (use a number between 0 and 1; for a percentage write '97%')");
    expect(result.stderr).toContain("--gate 'automation_rate_delta >= -2': threshold -2 is outside [-1, 1]");
    expect(result.stderr).toContain("--gate 'coverage <= -0.1': threshold -0.1 is outside [0, 1]");
    expect(result.stderr).toContain("--gate 'precison >= 0.9': unknown metric 'precison'");
    expect(result.stderr).not.toContain('mcc');
    expect(runDirs(out)).toEqual([]);
  });

  it('exit 2 before the run for a metric a missing setting leaves undefined (production.* without prevalence or strata)', async () => {
    const out = tempDir('spameval-gates-');
    const tiny = join(repoRoot, 'fixtures/tiny-suite/spameval.config.yaml');
    const result = await runCli(['run', '-c', tiny, '--out', out, '-q', '--no-cache', '--gate', 'production.precision >= 0.9', '--gate', 'hours_saved_per_day >= 1']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--gate 'production.precision >= 0.9': production.precision is undefined for this run: the golden set has no strata or item weights and no production prevalence was stated (set operating.prevalence in the suite",
    );
    expect(result.stderr).toContain("--gate 'hours_saved_per_day >= 1': hours_saved_per_day is undefined for this run: no daily volume was given; no average handle time was given");
    expect(runDirs(out)).toEqual([]);
  });

  it('exit 2 from `spameval gate` too when a setting is missing; a metric undefined by the data still fails the gate (exit 1)', async () => {
    const out = tempDir('spameval-gates-');
    const made = await runCli(['run', '-c', suite('suite.yaml'), '--out', out, '-q', '--no-cache', '--no-baseline']);
    expect(made.code).toBe(0);
    const [dir] = runDirs(out);
    const production = await runCli(['gate', join(out, dir ?? ''), '--no-suite-gates', '--gate', 'production.precision >= 0.9']);
    expect(production.code).toBe(2);
    expect(production.stderr).toContain('production.precision is undefined for this run');
    const data = await runCli(['gate', join(out, dir ?? ''), '--no-suite-gates', '--gate', 'category.phishing.category_precision >= 0.5']);
    expect(data.code).toBe(1);
  });

  it('exit 3: errors above the error budget; gates are not evaluated and no JUnit is written', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite-incomplete.yaml'), '--out', out, '-q', '--no-cache', '--junit', join(out, 'gates.xml')]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/stopped: errors exceeded the error budget/);
    expect(existsSync(join(out, 'gates.xml'))).toBe(false);
  });

  it('--no-baseline skips the suite\'s diff gates out loud (to make the first baseline)', async () => {
    const out = tempDir('spameval-gates-');
    const result = await runCli(['run', '-c', suite('suite.yaml'), '--out', out, '-q', '--no-cache', '--no-baseline']);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("--no-baseline: diff gate 'f1_delta >= -0.05' not evaluated");
    expect(result.stdout).toContain('Gates: all 2 hold');
  });
});
