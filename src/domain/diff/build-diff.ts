import { DEFAULT_BOOTSTRAP_REPLICATES, DEFAULT_BOOTSTRAP_SEED } from '../metrics/bootstrap.js';
import { compareCandidates, type PairedDecision } from '../metrics/mcnemar.js';
import { triageFromLabels, triageThresholds, type TriageOptions, type TriageResult } from '../metrics/triage.js';
import { EXCERPT_CHARS } from '../report/join-run.js';
import type { RunMeta } from '../run/run-meta.js';
import { collectFlips, isAnswered, type AnsweredRow } from './collect-flips.js';
import { DIFF_SCHEMA_VERSION, type Diff, type DiffRun, type MetricDelta } from './diff-schema.js';
import { pairRuns, type DiffGolden, type DiffRunInput, type PairedRow } from './pair-runs.js';
import { ACCURACY, binaryDeltas, confusionDelta, rateDelta, RECALL, scoreDeltas, type DeltaOptions } from './paired-deltas.js';
import { holmAdjust, regressionVerdict, toSchemaMcNemar } from './significance.js';

export interface BuildDiffOptions {
  toolVersion: string;
  /** When the diff was built; null for a reproducible file. */
  generatedAt?: string | null;
  /** A's golden-set version, when it differs from B's (`golden`). */
  goldenA?: DiffGolden;
  /** Two-sided level of every interval; 0.95 unless told. */
  confidence?: number;
  bootstrap?: { replicates?: number; seed?: number };
  /** Level of the regression verdict and of the per-category flags; 0.05 unless told. */
  alpha?: number;
  /** Items listed per flip list; 50 unless told. */
  maxFlips?: number;
  excerptLength?: number;
  /** Targets of the triage comparison (each run's certified automation on the paired items). */
  triage?: Pick<TriageOptions, 'enforcePrecision' | 'clearFalseRate' | 'delta' | 'enforceGrid' | 'clearGrid'>;
}


function runSummary(meta: RunMeta): DiffRun {
  return {
    run_id: meta.run_id,
    status: meta.status,
    candidate: { id: meta.candidate.id, type: meta.candidate.type, fingerprint: meta.candidate.fingerprint },
    golden_set: { name: meta.golden_set.name, version: meta.golden_set.version, sha256: meta.golden_set.sha256 },
    shard: meta.shard,
  };
}

/**
 * Triage rows of a diff that delta gates can name, by the report's metric name (the gate is
 * `<report name>_delta`). Each is a point change between the two runs' own certified operating
 * points on the paired sample, unweighted: no interval (thresholds are not gated: a moved
 * threshold is neither better nor worse).
 */
export const DIFF_TRIAGE_DELTAS: Readonly<Record<string, string>> = {
  automation_rate: 'automation_rate',
  auto_enforce_rate: 'auto_enforce_rate',
  auto_clear_rate: 'auto_clear_rate',
  auto_enforce_precision: 'enforce_precision',
  false_clear_rate: 'false_clear_rate',
  spam_leak_rate: 'spam_leak_rate',
};

/**
 * The metric names a diff holds deltas of (gate names add `_delta`), `<category>` from the golden
 * set; the triage ones (DIFF_TRIAGE_DELTAS) are point changes without an interval.
 */
export const DIFF_DELTA_METRICS: readonly string[] = [
  'precision',
  'recall',
  'f1',
  'fpr',
  'accuracy',
  'average_precision',
  'roc_auc',
  'error_rate',
  'category.<category>.recall',
  'gray.accuracy',
  'clear.accuracy',
  ...Object.keys(DIFF_TRIAGE_DELTAS),
];

const decisions = (rows: readonly AnsweredRow[], positive: string) => ({
  gold: rows.map((row) => row.goldPositive),
  a: rows.map((row) => row.a.prediction.label === positive),
  b: rows.map((row) => row.b.prediction.label === positive),
});

const paired = (rows: readonly AnsweredRow[]): PairedDecision[] =>
  rows.map((row) => ({ gold: row.gold, a: row.a.prediction.label, b: row.b.prediction.label }));

function idList(rows: readonly PairedRow[], max: number): Diff['errors']['newly_failing'] {
  return { total: rows.length, ids: rows.slice(0, max).map((row) => row.item.id), omitted: Math.max(0, rows.length - max) };
}

/**
 * Compare run B (new) against run A (baseline) on one golden set: paired metric deltas with
 * bootstrap intervals, McNemar tests and a regression verdict, the items that flipped, and the
 * same per category, on gray versus clear items, for errors and for triage. Pure: the caller
 * loads the golden set(s) and runs.
 */
export function buildDiff(golden: DiffGolden, runA: DiffRunInput, runB: DiffRunInput, options: BuildDiffOptions): Diff {
  const { manifest } = golden;
  const positive = manifest.positive;
  const confidence = options.confidence ?? 0.95;
  const alpha = options.alpha ?? 0.05;
  const maxFlips = options.maxFlips ?? 50;
  const bootstrap = {
    replicates: options.bootstrap?.replicates ?? DEFAULT_BOOTSTRAP_REPLICATES,
    seed: options.bootstrap?.seed ?? DEFAULT_BOOTSTRAP_SEED,
  };
  const deltaOptions: DeltaOptions = { ...bootstrap, confidence };
  const pairing = pairRuns(golden, runA, runB, options.goldenA);
  const warnings = [...pairing.warnings];
  const { rows } = pairing;
  const answered = rows.filter(isAnswered);
  const all = decisions(answered, positive);

  const deltas: MetricDelta[] = binaryDeltas(all.gold, all.a, all.b, deltaOptions);
  const scored = answered.filter((row) => row.a.prediction.score !== undefined && row.b.prediction.score !== undefined);
  let scores: Diff['scores'];
  if (scored.length > 0) {
    const s = decisions(scored, positive);
    const scoreOf = (side: 'a' | 'b') => scored.map((row) => row[side].prediction.score ?? 0);
    deltas.push(...scoreDeltas(s.gold, scoreOf('a'), scoreOf('b'), deltaOptions));
    scores = { available: true, scored_by_both: scored.length };
    if (scored.length < answered.length) {
      warnings.push(`Only ${scored.length} of ${answered.length} paired items have scores from both runs: AP and ROC AUC deltas use those.`);
    }
  } else {
    const unscored = [runA, runB].filter((run) => !run.records.some((record) => record.status === 'ok' && record.prediction.score !== undefined));
    scores = {
      available: false,
      reason: unscored.length > 0 ? `run ${unscored.map((run) => (run === runA ? 'A' : 'B')).join(' and ')} gives no scores` : 'no paired item has scores from both runs',
      scored_by_both: 0,
    };
  }
  deltas.push(
    rateDelta('error_rate', false, rows.map((row) => row.a.status === 'error'), rows.map((row) => row.b.status === 'error'), deltaOptions),
  );

  const comparison = compareCandidates(paired(answered), positive);
  const negatives = answered.filter((row) => !row.goldPositive).length;
  const regression = regressionVerdict(
    comparison,
    { overall: answered.length, goldNegatives: negatives, goldPositives: answered.length - negatives },
    alpha,
  );

  const categories = categoryDeltas(golden, rows, positive, deltaOptions, alpha);
  for (const category of categories) deltas.push(category.recall);
  const gray = groupDelta(rows.filter((row) => row.gray), 'gray.', positive, deltaOptions);
  const clear = groupDelta(rows.filter((row) => !row.gray), 'clear.', positive, deltaOptions);
  deltas.push(gray.accuracy, clear.accuracy);
  const triage = triageComparison(answered, positive, options.triage, confidence);
  const triageChanges = Object.entries(DIFF_TRIAGE_DELTAS).map(([name, row]) => [
    `${name}_delta`,
    triage.rows.find((entry) => entry.metric === row)?.change ?? null,
  ]);

  return {
    schema_version: DIFF_SCHEMA_VERSION,
    kind: 'diff',
    tool: { name: 'spameval', version: options.toolVersion },
    generated_at: options.generatedAt ?? null,
    a: runSummary(runA.meta),
    b: runSummary(runB.meta),
    golden_set: {
      name: manifest.name,
      version: manifest.version,
      positive,
      labels: manifest.labels,
      categories: Object.keys(manifest.categories ?? {}),
      same_version: pairing.sameVersion,
    },
    settings: { confidence, bootstrap, alpha, max_flips: maxFlips },
    warnings,
    pairing: {
      items: rows.length,
      paired: answered.length,
      answered_only_by_a: rows.filter((row) => row.a.status === 'ok' && row.b.status !== 'ok').length,
      answered_only_by_b: rows.filter((row) => row.a.status !== 'ok' && row.b.status === 'ok').length,
      answered_by_neither: rows.filter((row) => row.a.status !== 'ok' && row.b.status !== 'ok').length,
      only_in_a_version: pairing.onlyInA,
      only_in_b_version: pairing.onlyInB,
      relabeled: pairing.relabeled,
    },
    metrics: Object.fromEntries([...deltas.map((entry) => [`${entry.metric}_delta`, entry.delta.value]), ...triageChanges]),
    deltas,
    scores,
    mcnemar: {
      overall: toSchemaMcNemar(comparison.overall, answered.length),
      gold_negatives: toSchemaMcNemar(comparison.goldNegatives, negatives),
      gold_positives: toSchemaMcNemar(comparison.goldPositives, answered.length - negatives),
    },
    regression,
    flips: collectFlips(answered, { positive, maxFlips, excerptLength: options.excerptLength ?? EXCERPT_CHARS }),
    categories,
    gray_area: { gray, clear },
    errors: {
      newly_failing: idList(rows.filter((row) => row.a.status === 'ok' && row.b.status !== 'ok'), maxFlips),
      newly_answered: idList(rows.filter((row) => row.a.status !== 'ok' && row.b.status === 'ok'), maxFlips),
    },
    triage,
  };
}

/**
 * Detection recall per spam category (gold positives of the category), with McNemar on its
 * false-negative flips; Holm across categories, because with many categories one will move
 * "significantly" by chance.
 */
function categoryDeltas(
  golden: DiffGolden,
  rows: readonly PairedRow[],
  positive: string,
  options: DeltaOptions,
  alpha: number,
): Diff['categories'] {
  const names = Object.keys(golden.manifest.categories ?? {});
  const partial = names.map((category) => {
    const inCategory = rows.filter((row) => row.goldPositive && row.item.category === category);
    const answered = inCategory.filter(isAnswered);
    const d = decisions(answered, positive);
    const test = compareCandidates(paired(answered), positive).goldPositives;
    return {
      category,
      items: inCategory.length,
      paired: answered.length,
      recall: confusionDelta(RECALL, d.gold, d.a, d.b, options, `category.${category}.`),
      new_false_negatives: test.b,
      fixed_false_negatives: test.c,
      mcnemar: toSchemaMcNemar(test, answered.length),
    };
  });
  const holm = holmAdjust(partial.map((entry) => entry.mcnemar.exact_p));
  return partial.map((entry, k) => {
    const holmP = holm[k] ?? 1;
    return { ...entry, holm_p: holmP, regressed: holmP < alpha && entry.mcnemar.worse > entry.mcnemar.better };
  });
}

/** Accuracy of the enforce decision on a group (the report's `gray.accuracy` / `clear.accuracy`) and McNemar. */
function groupDelta(rows: readonly PairedRow[], prefix: string, positive: string, options: DeltaOptions): Diff['gray_area']['gray'] {
  const answered = rows.filter(isAnswered);
  const d = decisions(answered, positive);
  return {
    items: rows.length,
    paired: answered.length,
    accuracy: confusionDelta(ACCURACY, d.gold, d.a, d.b, options, prefix),
    mcnemar: toSchemaMcNemar(compareCandidates(paired(answered), positive).overall, answered.length),
  };
}

function triageComparison(
  rows: readonly AnsweredRow[],
  positive: string,
  targets: BuildDiffOptions['triage'], confidence: number): Diff['triage'] {
  const weighting = 'paired_sample_unweighted' as const;
  if (rows.length === 0) return { available: false, weighting, reason: 'no paired items', rows: [] };
  const options = {
    enforcePrecision: targets?.enforcePrecision ?? 0.99,
    clearFalseRate: targets?.clearFalseRate ?? 0.01,
    delta: targets?.delta ?? 1 - confidence,
    ...(targets?.enforceGrid ? { enforceGrid: targets.enforceGrid } : {}),
    ...(targets?.clearGrid ? { clearGrid: targets.clearGrid } : {}),
  };
  const scored = rows.every((row) => row.a.prediction.score !== undefined && row.b.prediction.score !== undefined);
  const run = (side: 'a' | 'b'): TriageResult => {
    const items = rows.map((row) => ({ positive: row.goldPositive, gray: row.gray, score: row[side].prediction.score ?? null }));
    if (scored) return triageThresholds(items, options);
    const { enforceGrid: _e, clearGrid: _c, ...labelOptions } = options;
    const decided = rows.map((row) => ({ positive: row.goldPositive, gray: row.gray, predictedPositive: row[side].prediction.label === positive }));
    return triageFromLabels(decided, labelOptions);
  };
  const a = run('a');
  const b = run('b');
  const row = (metric: string, pick: (result: TriageResult) => number | null) => {
    const va = pick(a);
    const vb = pick(b);
    return { metric, a: va, b: vb, change: va === null || vb === null ? null : vb - va };
  };
  return {
    available: true,
    weighting,
    ...(scored ? {} : { reason: 'not every paired item has scores from both runs: each run\'s own decisions are its one operating point' }),
    rows: [
      row('automation_rate', (r) => r.automationRate.value),
      row('auto_enforce_rate', (r) => r.enforceShare.value),
      row('auto_clear_rate', (r) => r.clearShare.value),
      row('enforce_threshold', (r) => r.enforce.threshold),
      row('clear_threshold', (r) => r.clear.threshold),
      row('enforce_precision', (r) => r.enforcePrecision.value),
      row('false_clear_rate', (r) => r.falseClearRate.value),
      row('spam_leak_rate', (r) => r.spamLeakRate.value),
    ],
  };
}
