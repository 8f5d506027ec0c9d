import { describe, expect, it } from 'vitest';
import type { PredictionRecord } from '../../src/domain/run/prediction.js';
import { planMerge, type ShardRun } from '../../src/domain/run/plan-merge.js';
import type { RunMeta, Shard } from '../../src/domain/run/run-meta.js';
import { inShard } from '../../src/domain/run/shard.js';

const IDS = Array.from({ length: 40 }, (_, index) => `id-${index}`);

function meta(shard: Shard | null, overrides: Partial<RunMeta> = {}): RunMeta {
  return {
    schema_version: 1,
    run_id: 'r',
    tool: { name: 'spameval', version: '0.1.0' },
    suite: { file: '/suite.yaml', name: 'suite' },
    candidate: { id: 'cand', type: 'builtin', fingerprint: 'fp-1', config: {} },
    golden_set: { name: 'set', version: '1.0.0', sha256: 'a'.repeat(64), count: IDS.length, path: '/set' },
    shard,
    status: 'complete',
    started_at: '2026-11-25T10:00:00.000Z',
    finished_at: '2026-11-25T10:05:00.000Z',
    elapsed_seconds: 10,
    counts: { items: 0, done: 0, ok: 0, errors: 0, cached: 0, errors_by_kind: {} },
    usage: { input_tokens: 0, output_tokens: 0, cost_usd: 0 },
    settings: { gates: [] },
    resumes: 0,
    ...overrides,
  };
}

function record(id: string, ok = true): PredictionRecord {
  return ok
    ? { id, status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 5, usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.5 }
    : { id, status: 'error', error: { kind: 'timeout', message: 'slow' }, attempts: 3, latencyMs: 5 };
}

function shardRun(index: number, count: number, overrides: Partial<RunMeta> = {}): ShardRun {
  const shard = { index, count };
  const records = IDS.filter((id) => inShard(id, shard)).map((id) => record(id, id !== 'id-7'));
  return { dir: `/runs/s${index}of${count}`, meta: meta(shard, overrides), records };
}

const runId = (candidate: string): string => `merged-${candidate}`;

describe('planMerge', () => {
  it('joins all shards into one complete run with summed counters, usage and compute time', () => {
    const plan = planMerge([shardRun(3, 3), shardRun(1, 3), shardRun(2, 3)], runId);
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    const [merged] = plan.runs;
    expect(merged?.records.map((entry) => entry.id).sort()).toEqual([...IDS].sort());
    expect(merged?.sources).toEqual(['/runs/s1of3', '/runs/s2of3', '/runs/s3of3']);
    expect(merged?.missingShards).toEqual([]);
    // 40 items, one of them (id-7) a timeout; 39 ok × (10 in, 2 out, $0.5)
    expect(merged?.meta).toMatchObject({
      run_id: 'merged-cand',
      shard: null,
      status: 'complete',
      counts: { items: 40, done: 40, ok: 39, errors: 1, errors_by_kind: { timeout: 1 } },
      usage: { input_tokens: 390, output_tokens: 78, cost_usd: 19.5 },
      elapsed_seconds: 30,
    });
  });

  it('leaves a run with a missing shard incomplete and says which', () => {
    const plan = planMerge([shardRun(1, 3), shardRun(3, 3)], runId);
    if (!plan.ok) throw new Error(JSON.stringify(plan.problems));
    expect(plan.runs[0]?.missingShards).toEqual([2]);
    expect(plan.runs[0]?.meta.status).toBe('incomplete');
  });

  it('refuses mismatched and overlapping shards, all reasons at once', () => {
    const wrongItem = shardRun(2, 3);
    wrongItem.records = [...wrongItem.records, record(IDS.find((id) => inShard(id, { index: 1, count: 3 })) ?? '')];
    const plan = planMerge(
      [
        shardRun(1, 3),
        wrongItem,
        shardRun(1, 3),
        shardRun(1, 2),
        shardRun(3, 3, { candidate: { id: 'cand', type: 'builtin', fingerprint: 'fp-2', config: {} } }),
        shardRun(1, 3, { golden_set: { name: 'set', version: '1.1.0', sha256: 'b'.repeat(64), count: 40, path: '/set2' } }),
        { dir: '/runs/whole', meta: meta(null), records: [] },
      ],
      runId,
    );
    expect(plan.ok).toBe(false);
    const messages = plan.ok ? [] : plan.problems.map((problem) => `${problem.file}: ${problem.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/runs\/s2of3: item 'id-\d+' does not belong to shard 2\/3$/),
        expect.stringMatching(/^\/runs\/s2of3: item 'id-\d+' is also recorded in \/runs\/s1of3$/),
        "/runs/s1of3: shard 1/3 of 'cand' is given twice (also /runs/s1of3)",
        expect.stringMatching(/^\/runs\/s1of2: shard 1\/2 is from another split than/),
        expect.stringMatching(/^\/runs\/s3of3: candidate 'cand' is configured differently/),
        expect.stringMatching(/^\/runs\/s1of3: golden set set@1\.1\.0 .* differs from set@1\.0\.0/),
        '/runs/whole: not a shard run (it was run without --shard, so it overlaps every shard)',
      ]),
    );
  });
});
