import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, copyFixture, repoRoot, type CliResult } from '../helpers/cli.js';

/** A private copy of fixtures/run-e2e (300-item golden set, prompt, guidelines) with a suite written in. */
export function workspace(suiteYaml: string): string {
  const cwd = copyFixture('run-e2e');
  writeFileSync(join(cwd, 'spameval.config.yaml'), suiteYaml);
  return cwd;
}

/** An `openai` candidate suite on the 300-item set, pointed at a mock server. */
export function openaiSuite(baseURL: string, candidate: Record<string, string | number> = {}, extra = ''): string {
  const fields = Object.entries({ concurrency: 4, max_attempts: 2, timeout_ms: 5000, ...candidate })
    .map(([key, value]) => `    ${key}: ${typeof value === 'string' ? JSON.stringify(value) : value}`)
    .join('\n');
  return `name: runner-e2e
golden_set: mail-300
candidates:
  - id: mock-gpt
    type: openai
    model: mock-model
    base_url: ${baseURL}
    api_key_env: MOCK_OPENAI_KEY
    prompt: prompt.md
    guidelines: guidelines.md
${fields}
${extra}`;
}

export interface RunningCli {
  child: ChildProcess;
  done: Promise<CliResult>;
  output(): { stdout: string; stderr: string };
}

/** Start the built CLI without waiting for it, so a test can signal it mid-run. */
export function startCli(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): RunningCli {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
  return { child, done, output: () => ({ stdout, stderr }) };
}

/** Poll until `condition` holds; bounded by `timeoutMs`, then it fails the test. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function runFolders(runsDir: string): string[] {
  return existsSync(runsDir) ? readdirSync(runsDir).sort().map((name) => join(runsDir, name)) : [];
}

/** The ids of complete lines of a predictions file, and whether its last line is torn. */
export function recordedIds(runDir: string): { ids: string[]; torn: boolean } {
  const file = join(runDir, 'predictions.jsonl');
  if (!existsSync(file)) return { ids: [], torn: false };
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const ids = lines.filter((line) => line !== '').map((line) => String(JSON.parse(line).id));
  return { ids, torn: tail !== '' };
}

export function readJson(file: string): Record<string, unknown> {
  const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${file} is not a JSON object`);
  return Object.fromEntries(Object.entries(value));
}

export { repoRoot };
