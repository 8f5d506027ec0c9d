import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { keywordAnswer, startMockOpenAIServer, type MockServer } from '../helpers/mock-openai-server.js';
import { openaiSuite, readJson, recordedIds, runFolders, startCli, waitFor, workspace } from './run-harness.js';

const ENV = { MOCK_OPENAI_KEY: 'sk-e2e-resume-0000' };
let server: MockServer;

beforeAll(async () => {
  server = await startMockOpenAIServer({ latencyMs: 25 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  server.setHandler(keywordAnswer);
});

function allIds(): string[] {
  return Array.from({ length: 300 }, (_, index) => `e${String(index + 1).padStart(4, '0')}`);
}

describe('spameval run: interrupted runs resume without losing, duplicating or re-paying', () => {
  it('survives kill -9 mid-run: --resume finishes the rest, every item once, no finished item called again', async () => {
    const cwd = workspace(openaiSuite(server.baseURL));
    const runsDir = join(cwd, '.spameval/runs');
    // --no-cache: the guarantee must come from the run folder alone, not from the response cache
    const first = startCli(['run', '--quiet', '--no-cache'], { cwd, env: ENV });
    await waitFor(() => runFolders(runsDir).length === 1 && recordedIds(runFolders(runsDir)[0] ?? '').ids.length >= 60, '60 finished items');
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.code).toBeNull();

    const [dir] = runFolders(runsDir);
    if (dir === undefined) throw new Error('no run folder');
    const before = recordedIds(dir);
    expect(before.ids.length).toBeGreaterThanOrEqual(60);
    expect(before.ids.length).toBeLessThan(300);
    expect(readJson(join(dir, 'run.json')).status).toBe('running');
    // whether or not the kill tore a line, make sure resume meets one: half a record, no newline
    const pending = allIds().find((id) => !before.ids.includes(id)) ?? 'e0300';
    if (!before.torn) appendFileSync(join(dir, 'predictions.jsonl'), `{"id":"${pending}","status":"ok","predi`);

    const resumed = await runCli(['run', '--resume', dir, '--quiet', '--no-cache'], { cwd, env: ENV });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    const after = recordedIds(dir);
    expect(after.torn).toBe(false);
    expect([...after.ids].sort()).toEqual(allIds());
    for (const id of before.ids) expect(server.requestsFor(id)).toHaveLength(1);
    // every item was asked at least once, and nothing but the calls cut off by the kill twice
    expect(new Set(server.requests.map((request) => request.itemId)).size).toBe(300);
    expect(server.requests.length - 300).toBeLessThanOrEqual(4);
    expect(readJson(join(dir, 'run.json'))).toMatchObject({
      status: 'complete',
      resumes: 1,
      counts: { items: 300, done: 300, ok: 300, errors: 0 },
    });
  });

  it('Ctrl-C stops new calls, records the ones in flight, exits 3 and prints the exact resume command', async () => {
    const cwd = workspace(openaiSuite(server.baseURL));
    const runsDir = join(cwd, '.spameval/runs');
    const running = startCli(['run', '--quiet'], { cwd, env: ENV });
    await waitFor(() => runFolders(runsDir).length === 1 && recordedIds(runFolders(runsDir)[0] ?? '').ids.length >= 30, '30 finished items');
    running.child.kill('SIGINT');
    const stopped = await running.done;
    expect(stopped.code).toBe(3);
    expect(stopped.stderr).toContain('stopping: letting calls in flight finish');

    const [dir] = runFolders(runsDir);
    if (dir === undefined) throw new Error('no run folder');
    expect(stopped.stderr).toContain(`resume with: spameval run --resume ${JSON.stringify(dir)}`);
    const meta = readJson(join(dir, 'run.json'));
    expect(meta.status).toBe('interrupted');
    // every call the server answered before the stop is in the file: nothing in flight was dropped
    const recorded = new Set(recordedIds(dir).ids);
    const asked = new Set(server.requests.map((request) => request.itemId));
    expect([...asked].filter((id) => id !== undefined && !recorded.has(id))).toEqual([]);
    expect(recorded.size).toBeLessThan(300);

    const command = /resume with: spameval (.+)$/m.exec(stopped.stderr)?.[1] ?? '';
    const args = command.split(' ').map((part) => (part.startsWith('"') ? String(JSON.parse(part)) : part));
    const resumed = await runCli([...args, '--quiet'], { cwd, env: ENV });
    expect(resumed.code).toBe(0);
    expect([...recordedIds(dir).ids].sort()).toEqual(allIds());
    for (const id of recorded) expect(server.requestsFor(id)).toHaveLength(1);
  });

  it('an unchanged re-run is answered from the cache and calls the server for nothing', async () => {
    const cwd = workspace(openaiSuite(server.baseURL, { concurrency: 16 }));
    const first = await runCli(['run', '--quiet'], { cwd, env: ENV });
    expect(first.code).toBe(0);
    expect(server.requests).toHaveLength(300);
    server.requests.length = 0;

    const again = await runCli(['run', '--quiet'], { cwd, env: ENV });
    expect(again.code).toBe(0);
    expect(server.requests).toHaveLength(0);
    const [, second] = runFolders(join(cwd, '.spameval/runs'));
    if (second === undefined) throw new Error('no second run folder');
    expect(readJson(join(second, 'run.json'))).toMatchObject({ counts: { cached: 300 }, usage: { cost_usd: 0 } });

    const bypass = await runCli(['run', '--quiet', '--no-cache'], { cwd, env: ENV });
    expect(bypass.code).toBe(0);
    expect(server.requests).toHaveLength(300);
    expect(readFileSync(join(cwd, 'spameval.config.yaml'), 'utf8')).toContain('concurrency: 16');
  });
});
