import { cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers/cli.js';
import { apiError, startMockOpenAIServer, type MockServer } from '../helpers/mock-openai-server.js';
import { openaiSuite, readJson, recordedIds, repoRoot, runFolders, workspace } from './run-harness.js';

let server: MockServer;
beforeAll(async () => {
  server = await startMockOpenAIServer({ handler: () => apiError(500, 'the model server fell over') });
});
afterAll(async () => {
  await server.close();
});

describe('spameval run exit codes (built CLI)', () => {
  it('exits 3 when errors pass the error budget, marks the run incomplete and says how to resume', async () => {
    const cwd = workspace(openaiSuite(server.baseURL, { max_attempts: 1, concurrency: 2 }, 'error_budget: 0.05\n'));
    const result = await runCli(['run', '--quiet'], { cwd, env: { MOCK_OPENAI_KEY: 'sk-unused-000000' } });
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/stopped: errors exceeded the error budget \(\d+ of 300\)/);
    const [dir] = runFolders(join(cwd, '.spameval/runs'));
    if (dir === undefined) throw new Error('no run folder');
    expect(result.stderr).toContain(`resume with: spameval run --resume ${JSON.stringify(dir)}`);
    const meta = readJson(join(dir, 'run.json'));
    // 5% of 300 = 15 errors allowed: the 16th stops the run; the other worker's call may finish too
    expect(meta).toMatchObject({ status: 'incomplete', counts: { errors_by_kind: { transport: expect.any(Number) } } });
    const { ids } = recordedIds(dir);
    expect(ids.length).toBeGreaterThanOrEqual(16);
    expect(ids.length).toBeLessThanOrEqual(17);
  });

  it('exits 2 on a bad predictions file, naming file, line and column, and writes no run folder', async () => {
    const cwd = copyFixture('run-predictions');
    writeFileSync(
      join(cwd, 'spameval.config.yaml'),
      `golden_set: mini
candidates:
  - id: vendor
    type: predictions
    path: bad.csv
    columns: { id: item_id, label: decision, score: confidence }
    label_map: { SPAM: spam, OK: not_spam }
`,
    );
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.code).toBe(2);
    const file = join(cwd, 'bad.csv');
    expect(result.stderr).toContain(`${file}:3: field 'decision (column 2)': label 'MAYBE' is not one of spam, not_spam`);
    expect(result.stderr).toContain(`${file}:4: field 'confidence (column 3)': score 'high' is not a number`);
    expect(result.stderr).toContain(`${file}:5: field 'item_id': id 'm9' is not in the golden set`);
    expect(runFolders(join(cwd, '.spameval/runs'))).toEqual([]);
  });

  it('runs a vendor file with missing decisions to completion, each missing item an error (exit 0 within budget)', async () => {
    const cwd = copyFixture('run-predictions');
    cpSync(join(repoRoot, 'fixtures/run-predictions/vendor.csv'), join(cwd, 'vendor.csv'));
    writeFileSync(
      join(cwd, 'spameval.config.yaml'),
      `golden_set: mini
error_budget: 0.2
candidates:
  - id: vendor
    type: predictions
    path: vendor.csv
    columns: { id: item_id, label: decision, score: confidence, category: subtype }
    label_map: { SPAM: spam, OK: not_spam }
`,
    );
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.code).toBe(0);
    const [dir] = runFolders(join(cwd, '.spameval/runs'));
    if (dir === undefined) throw new Error('no run folder');
    expect(readJson(join(dir, 'run.json'))).toMatchObject({
      status: 'complete',
      counts: { items: 6, done: 6, ok: 5, errors: 1, errors_by_kind: { invalid_output: 1 } },
    });
  });
});
