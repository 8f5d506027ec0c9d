import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyFixture, runCli } from '../helpers/cli.js';

function runFolders(cwd: string): string[] {
  const runs = join(cwd, '.spameval', 'runs');
  return existsSync(runs) ? readdirSync(runs).map((name) => join(runs, name)) : [];
}

describe('spameval run (built CLI, tiny fixture suite)', () => {
  it('writes a run folder with run.json and one prediction per item, and exits 0', async () => {
    const cwd = copyFixture('tiny-suite');
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);

    const [dir, ...others] = runFolders(cwd);
    expect(others).toEqual([]);
    if (dir === undefined) throw new Error('no run folder');
    expect(result.stdout).toContain(dir);

    const meta = JSON.parse(readFileSync(join(dir, 'run.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(cwd, 'golden-sets/tiny/1.0.0/manifest.json'), 'utf8'));
    const version = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')).version;
    expect(meta).toMatchObject({
      schema_version: 1,
      tool: { name: 'spameval', version },
      golden_set: { name: 'tiny', version: '1.0.0', sha256: manifest.sha256, count: 6 },
      candidate: { id: 'rules', type: 'builtin', config: { type: 'builtin', name: 'rules' } },
      status: 'complete',
      counts: { items: 6, done: 6, errors: 0 },
    });
    expect(Date.parse(meta.finished_at)).toBeGreaterThanOrEqual(Date.parse(meta.started_at));

    const lines = readFileSync(join(dir, 'predictions.jsonl'), 'utf8').trim().split('\n');
    const records = lines.map((line) => JSON.parse(line));
    expect(records.map((record) => record.id).sort()).toEqual(['t1', 't2', 't3', 't4', 't5', 't6']);
    for (const record of records) {
      expect(record.status).toBe('ok');
      expect(['spam', 'not_spam']).toContain(record.prediction.label);
      expect(record.prediction.score).toBeGreaterThanOrEqual(0);
      expect(record.prediction.score).toBeLessThanOrEqual(1);
    }
  });

  it('exits 2 on a broken golden set, names file, line and field, and writes no run folder', async () => {
    const cwd = copyFixture('tiny-suite');
    appendFileSync(
      join(cwd, 'golden-sets/tiny/1.0.0/items.jsonl'),
      JSON.stringify({ id: 't7', text: 'x', label: 'ham' }) + '\n',
    );
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/items\.jsonl:7: field 'label': unknown label 'ham'/);
    expect(result.stderr).toMatch(/manifest\.json: field 'count'/);
    expect(result.stderr).toMatch(/manifest\.json: field 'sha256'/);
    expect(runFolders(cwd)).toEqual([]);
  });

  it('exits 2 on --resume when the golden set changed since the run, calling nothing', async () => {
    const cwd = copyFixture('tiny-suite');
    expect((await runCli(['run', '--quiet'], { cwd })).code).toBe(0);
    const [dir] = runFolders(cwd);
    if (dir === undefined) throw new Error('no run folder');
    const file = join(cwd, 'golden-sets/tiny/1.0.0/items.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('lunch tomorrow', 'lunch today'));
    const before = readFileSync(join(dir, 'predictions.jsonl'), 'utf8');
    const result = await runCli(['run', '--resume', dir, '--quiet'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/field 'sha256'.*golden bump/s);
    expect(readFileSync(join(dir, 'predictions.jsonl'), 'utf8')).toBe(before);
  });

  it('exits 2 on a suite with an unknown key, naming its line', async () => {
    const cwd = copyFixture('tiny-suite');
    const suite = readFileSync(join(cwd, 'spameval.config.yaml'), 'utf8');
    writeFileSync(join(cwd, 'spameval.config.yaml'), suite.replace('    name: rules', '    name: rules\n    treshold: 0.7'));
    const result = await runCli(['run', '--quiet'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/spameval\.config\.yaml:\d+: field 'candidates\.0': unknown key 'treshold'/);
    expect(runFolders(cwd)).toEqual([]);
  });

  it('exits 2 for an unknown candidate id and lists the suite\'s candidates', async () => {
    const cwd = copyFixture('tiny-suite');
    const result = await runCli(['run', '--quiet', '--candidate', 'nope'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown candidate 'nope'");
    expect(result.stderr).toContain('the suite has: rules');
  });

  it('exits 2 for an unknown option, with usage help', async () => {
    const result = await runCli(['run', '--frobnicate']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--frobnicate'");
  });
});

describe('spameval golden validate (built CLI)', () => {
  it('exits 0 and says how many items a valid set has', async () => {
    const cwd = copyFixture('tiny-suite');
    const result = await runCli(['golden', 'validate', 'tiny@1.0.0'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^tiny@1\.0\.0: valid — 6 items/);
  });

  it('exits 2 on a set edited in place (sha256 mismatch)', async () => {
    const cwd = copyFixture('tiny-suite');
    const file = join(cwd, 'golden-sets/tiny/1.0.0/items.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('lunch tomorrow', 'lunch today'));
    const result = await runCli(['golden', 'validate', 'tiny'], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/field 'sha256'.*golden bump/s);
  });
});
