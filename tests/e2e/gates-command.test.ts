/** `spameval gate <run>`: gates on an existing run, without calling any candidate again. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GateResultSchema } from '../../src/domain/gates/gate-result-schema.js';
import { repoRoot, runCli } from '../helpers/cli.js';

const run = (id: string): string => join(repoRoot, 'fixtures/diff-basic/runs', id);

describe('spameval gate (built CLI)', () => {
  it('json: every gate with its value, bound and verdict; exit 1 when one fails', async () => {
    const result = await runCli([
      'gate', run('b-candidate'), '--baseline', run('a-baseline'), '--format', 'json',
      '--gate', 'precision >= 0.95', '--gate', 'accuracy_delta >= 0', '--gate', 'category.phishing.recall_delta >= 0',
    ]);
    expect(result.code).toBe(1);
    const parsed: unknown = JSON.parse(result.stdout);
    expect(parsed).toMatchObject({ schema_version: 1, kind: 'gates', run_id: 'b-candidate', baseline_run_id: 'a-baseline', passed: false, regressed: false });
    const gates = GateResultSchema.array().parse((parsed as { gates: unknown }).gates);
    expect(gates.map((gate) => [gate.gate, gate.kind, gate.passed])).toEqual([
      ['precision >= 0.95', 'metric', true],
      ['accuracy_delta >= 0', 'delta', true],
      // recall on phishing is unchanged (0.8 → 0.8) but a loss is not ruled out by its interval
      ['category.phishing.recall_delta >= 0', 'delta', false],
      ['no significant regression (McNemar, Holm)', 'regression', true],
    ]);
    expect(gates[2]?.compared).toBeLessThan(0);
  });

  it('a significant regression fails the check unless --no-fail-on-regression', async () => {
    const regressed = await runCli(['gate', run('c-regressed'), '--baseline', run('a-baseline'), '--gate', 'recall >= 0.5', '--format', 'md']);
    expect(regressed.code).toBe(1);
    expect(regressed.stdout).toContain('### 🔴 spameval diff: model-v3 vs rules-v1');
    const allowed = await runCli(['gate', run('c-regressed'), '--baseline', run('a-baseline'), '--gate', 'recall >= 0.5', '--no-fail-on-regression']);
    expect(allowed.code).toBe(0);
  });

  it('exit 2 when there is nothing to check, or a diff gate has no baseline', async () => {
    const nothing = await runCli(['gate', run('b-candidate')]);
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('nothing to check: the run records no gates and none were given');
    const noBaseline = await runCli(['gate', run('b-candidate'), '--gate', 'precision_delta >= 0']);
    expect(noBaseline.code).toBe(2);
    expect(noBaseline.stderr).toContain("--gate 'precision_delta >= 0': is a diff gate but no baseline run was given");
  });
});
