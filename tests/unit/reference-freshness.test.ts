import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The expected values the statistics tests read (tests/reference/*-expected.json) must be what the
 * committed Python scripts next to them produce: each script is re-run with Debian's interpreter
 * into a temporary location (never over the committed file) and its JSON compared deeply with the
 * committed one. A script changed without regenerating its JSON, or a JSON edited by hand, fails
 * here.
 *
 * The scripts run at the same time; each takes a few seconds. Scripts live beside the expected
 * values they produce (tests/reference/ for the statistics, a fixture's folder for its own data).
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
// Debian's interpreter: the python3 first on PATH may lack sklearn/scipy/statsmodels
const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install python3-sklearn python3-scipy python3-statsmodels';
const SCRIPT_TIMEOUT_MS = 300_000;

interface ReferenceScript {
  /** Paths relative to the repository root. */
  script: string;
  expected: string;
  /** Where the script writes its JSON: stdout, or the file given by its `--out PATH` argument. */
  output: 'stdout' | 'out-arg';
}

const SCRIPTS: ReferenceScript[] = [
  { script: 'tests/reference/metrics_reference.py', expected: 'tests/reference/metrics-expected.json', output: 'out-arg' },
  { script: 'tests/reference/stats_reference.py', expected: 'tests/reference/stats-expected.json', output: 'stdout' },
  { script: 'tests/reference/diff_reference.py', expected: 'tests/reference/diff-expected.json', output: 'stdout' },
  { script: 'tests/unit/golden/golden_reference.py', expected: 'tests/unit/golden/golden-expected.json', output: 'stdout' },
  { script: 'fixtures/html-adversarial/sklearn_reference.py', expected: 'fixtures/html-adversarial/sklearn-reference.json', output: 'stdout' },
];

type Outcome = { ok: true; json: unknown } | { ok: false; message: string };

/** The libraries the scripts import, or why they cannot be imported. */
function missingLibraries(): string | null {
  try {
    execFileSync(PYTHON, ['-c', 'import numpy, scipy, sklearn, statsmodels'], { stdio: 'pipe', timeout: 60_000 });
    return null;
  } catch (error) {
    const err = error as NodeJS.ErrnoException & { stderr?: Buffer };
    const detail = err.code === 'ENOENT' ? `${PYTHON} not found` : (err.stderr?.toString().trim() ?? err.message);
    return `${PYTHON} cannot import numpy/scipy/sklearn/statsmodels (${detail}). Install them with \`${INSTALL_HINT}\`.`;
  }
}

/** Runs one script from the repo root; resolves (never rejects) with its parsed JSON or the failure. */
function runScript(ref: ReferenceScript, outDir: string): Promise<Outcome> {
  const outFile = join(outDir, basename(ref.expected));
  const args = [join(ROOT, ref.script), ...(ref.output === 'out-arg' ? ['--out', outFile] : [])];
  return new Promise((resolve) => {
    execFile(
      PYTHON,
      args,
      {
        cwd: ROOT,
        timeout: SCRIPT_TIMEOUT_MS,
        maxBuffer: 256 * 1024 * 1024,
        // no __pycache__ next to the committed scripts
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      },
      (error, stdout, stderr) => {
        if (error) {
          const why = error.killed ? `killed after ${SCRIPT_TIMEOUT_MS / 1000} s` : `exit code ${String(error.code)}`;
          resolve({ ok: false, message: `${PYTHON} ${ref.script} failed (${why}):\n${stderr}` });
          return;
        }
        try {
          const text = ref.output === 'out-arg' ? readFileSync(outFile, 'utf8') : stdout;
          resolve({ ok: true, json: JSON.parse(text) });
        } catch (parseError) {
          resolve({ ok: false, message: `${ref.script} did not produce JSON: ${String(parseError)}` });
        }
      },
    );
  });
}

describe('committed reference values come from the committed reference scripts', () => {
  let outDir: string;
  let missing: string | null;
  const outcomes = new Map<string, Promise<Outcome>>();

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), 'spameval-reference-'));
    missing = missingLibraries();
    if (missing) return;
    for (const ref of SCRIPTS) outcomes.set(ref.script, runScript(ref, outDir));
  });

  afterAll(async () => {
    await Promise.all(outcomes.values());
    rmSync(outDir, { recursive: true, force: true });
  });

  it(`${PYTHON} has numpy, scipy, sklearn and statsmodels`, () => {
    if (missing) expect.fail(missing);
  });

  for (const ref of SCRIPTS) {
    it(
      `${ref.expected} equals a fresh run of ${ref.script}`,
      async () => {
        if (missing) expect.fail(missing);
        const outcome = await outcomes.get(ref.script)!;
        if (!outcome.ok) expect.fail(outcome.message);
        const committed: unknown = JSON.parse(readFileSync(join(ROOT, ref.expected), 'utf8'));
        expect(
          outcome.json,
          `${ref.expected} is stale: regenerate it with ${PYTHON} ${ref.script} ` +
            '(see the script header for where the output goes)',
        ).toStrictEqual(committed);
      },
      SCRIPT_TIMEOUT_MS + 30_000,
    );
  }
});
