import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The expected values the statistics tests read (tests/reference/*-expected.json) must be what the
 * committed Python scripts next to them produce: each script is re-run with Debian's interpreter
 * into a temporary location (never over the committed file) and its JSON compared deeply with the
 * committed one. A script changed without regenerating its JSON, or a JSON edited by hand, fails
 * here.
 *
 * The three scripts run at the same time. diff_reference.py is the slow one (~40 s of CPU: it calls
 * sklearn on every bootstrap replicate); the other two take a few seconds each.
 */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REFERENCE_DIR = join(ROOT, 'tests', 'reference');
// Debian's interpreter: the python3 first on PATH may lack sklearn/scipy/statsmodels
const PYTHON = '/usr/bin/python3';
const INSTALL_HINT = 'apt-get install python3-sklearn python3-scipy python3-statsmodels';
const SCRIPT_TIMEOUT_MS = 300_000;

interface ReferenceScript {
  script: string;
  expected: string;
  /** Where the script writes its JSON: stdout, or the file given by its `--out PATH` argument. */
  output: 'stdout' | 'out-arg';
}

const SCRIPTS: ReferenceScript[] = [
  { script: 'metrics_reference.py', expected: 'metrics-expected.json', output: 'out-arg' },
  { script: 'stats_reference.py', expected: 'stats-expected.json', output: 'stdout' },
  { script: 'diff_reference.py', expected: 'diff-expected.json', output: 'stdout' },
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
  const outFile = join(outDir, ref.expected);
  const args = [join(REFERENCE_DIR, ref.script), ...(ref.output === 'out-arg' ? ['--out', outFile] : [])];
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
          resolve({ ok: false, message: `${PYTHON} tests/reference/${ref.script} failed (${why}):\n${stderr}` });
          return;
        }
        try {
          const text = ref.output === 'out-arg' ? readFileSync(outFile, 'utf8') : stdout;
          resolve({ ok: true, json: JSON.parse(text) });
        } catch (parseError) {
          resolve({ ok: false, message: `tests/reference/${ref.script} did not produce JSON: ${String(parseError)}` });
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
      `tests/reference/${ref.expected} equals a fresh run of tests/reference/${ref.script}`,
      async () => {
        if (missing) expect.fail(missing);
        const outcome = await outcomes.get(ref.script)!;
        if (!outcome.ok) expect.fail(outcome.message);
        const committed: unknown = JSON.parse(readFileSync(join(REFERENCE_DIR, ref.expected), 'utf8'));
        expect(
          outcome.json,
          `tests/reference/${ref.expected} is stale: regenerate it with ${PYTHON} tests/reference/${ref.script} ` +
            '(see the script header for where the output goes)',
        ).toStrictEqual(committed);
      },
      SCRIPT_TIMEOUT_MS + 30_000,
    );
  }
});
