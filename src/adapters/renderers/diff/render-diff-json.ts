import type { Diff } from '../../../domain/diff/diff-schema.js';
import { toGateResultJson } from '../../../domain/gates/gate-result-schema.js';
import type { GateResult } from '../../../domain/gates/evaluate-gates.js';

/** The diff as JSON (docs/diff-schema.json): the contract for other tools, with the gates when given. */
export function renderDiffJson(diff: Diff, options: { gates?: readonly GateResult[] } = {}): string {
  const out: Diff = options.gates && options.gates.length > 0 ? { ...diff, gates: options.gates.map(toGateResultJson) } : diff;
  return `${JSON.stringify(out, null, 2)}\n`;
}
