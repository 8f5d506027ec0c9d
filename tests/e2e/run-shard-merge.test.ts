import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { readJson, recordedIds, repoRoot, runFolders, workspace } from './run-harness.js';

const MODULE = join(repoRoot, 'fixtures/run-module/classify.mjs');
const SUITE = `name: shard-e2e
golden_set: mail-300
candidates:
  - id: local-module
    type: module
    path: ${JSON.stringify(MODULE)}
`;

function only(dirs: string[]): string {
  const [dir, ...rest] = dirs;
  if (dir === undefined || rest.length > 0) throw new Error(`expected one run folder, got ${dirs.length}`);
  return dir;
}

describe('spameval run --shard and spameval merge (built CLI)', () => {
  it('splits the items into disjoint shards whose merge is the whole run, and refuses bad merges', async () => {
    const cwd = workspace(SUITE);
    const shardDirs: string[] = [];
    for (const index of [1, 2, 3]) {
      const result = await runCli(['run', '--quiet', '--shard', `${index}/3`, '--out', `shards/${index}`], { cwd });
      expect(result.code).toBe(0);
      shardDirs.push(only(runFolders(join(cwd, 'shards', String(index)))));
    }
    const shardIds = shardDirs.map((dir) => recordedIds(dir).ids);
    const union = shardIds.flat();
    expect(new Set(union).size).toBe(300);
    expect(union).toHaveLength(300);
    // a fair split of 300 ids: each shard gets a real share
    for (const ids of shardIds) expect(ids.length).toBeGreaterThan(50);
    expect(readJson(join(shardDirs[1] ?? '', 'run.json'))).toMatchObject({ shard: { index: 2, count: 3 }, status: 'complete' });

    const merged = await runCli(['merge', ...shardDirs, '--out', 'merged'], { cwd });
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/^local-module: merged 3 shards, 300\/300 items, 300 answered, 0 errors/);
    const dir = only(runFolders(join(cwd, 'merged')));
    expect([...recordedIds(dir).ids].sort()).toEqual([...union].sort());
    expect(readJson(join(dir, 'run.json'))).toMatchObject({ shard: null, status: 'complete', counts: { items: 300, done: 300 } });

    // the same shard twice
    const twice = await runCli(['merge', shardDirs[0] ?? '', shardDirs[0] ?? '', '--out', 'bad'], { cwd });
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("shard 1/3 of 'local-module' is given twice");
    // a shard of another split
    const other = await runCli(['run', '--quiet', '--shard', '1/2', '--out', 'other'], { cwd });
    expect(other.code).toBe(0);
    const mixed = await runCli(['merge', shardDirs[1] ?? '', only(runFolders(join(cwd, 'other'))), '--out', 'bad'], { cwd });
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/shard 2\/3 is from another split than .*\(1\/2\)/);
    expect(runFolders(join(cwd, 'bad'))).toEqual([]);
  });

  it('merges with a shard missing into an incomplete run (exit 3) that --resume completes', async () => {
    const cwd = workspace(SUITE);
    const dirs: string[] = [];
    for (const index of [1, 3]) {
      expect((await runCli(['run', '--quiet', '--shard', `${index}/3`, '--out', `shards/${index}`], { cwd })).code).toBe(0);
      dirs.push(only(runFolders(join(cwd, 'shards', String(index)))));
    }
    const merged = await runCli(['merge', ...dirs, '--out', 'merged'], { cwd });
    expect(merged.code).toBe(3);
    expect(merged.stderr).toContain('(shard 2 missing)');
    const dir = only(runFolders(join(cwd, 'merged')));
    expect(merged.stderr).toContain(`finish with: spameval run --resume ${JSON.stringify(dir)}`);
    const before = recordedIds(dir).ids.length;
    expect(before).toBeLessThan(300);

    const resumed = await runCli(['run', '--quiet', '--resume', dir], { cwd });
    expect(resumed.code).toBe(0);
    const ids = recordedIds(dir).ids;
    expect(ids).toHaveLength(300);
    expect(new Set(ids).size).toBe(300);
    expect(readJson(join(dir, 'run.json'))).toMatchObject({ status: 'complete', counts: { done: 300 } });
  });
});
