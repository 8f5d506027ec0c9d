import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCandidate, defaultConcurrency, redactCandidateConfig } from '../adapters/candidates/create-candidate.js';
import { packageRoot, toolVersion } from '../adapters/package-root.js';
import { createProgress, type ProgressMode } from '../adapters/progress/create-progress.js';
import { loadGoldenSet, type GoldenSet } from '../adapters/stores/golden-store.js';
import { JsonlResponseCache } from '../adapters/stores/response-cache.js';
import { createRunDir, loadRun, newRunId, PredictionsFileSink, writeRunMeta } from '../adapters/stores/run-store.js';
import type { CandidateConfig } from '../config/candidate-schemas.js';
import { findSuiteFile, loadSuite, type LoadedSuite } from '../config/load-suite.js';
import { InputError } from '../domain/problems.js';
import type { Candidate, TaskContext } from '../domain/run/candidate.js';
import type { PredictionRecord } from '../domain/run/prediction.js';
import { RUN_SCHEMA_VERSION, type RunMeta, type Shard } from '../domain/run/run-meta.js';
import { inShard } from '../domain/run/shard.js';
import { emptyTally, tallyRecord } from '../domain/run/tally-record.js';
import { DEFAULT_LIMITS, runCandidate, type RunOutcome } from '../engine/run-candidate.js';
import { createRateGate } from '../engine/rate-gate.js';
import { loadGoldenOfRun } from './load-run-with-golden.js';

export interface RunSuiteOptions {
  /** Suite file; default `spameval.config.yaml` in the working directory. */
  config?: string;
  /** The suite's golden set, already loaded and checked by the caller (else loaded here). */
  golden?: GoldenSet;
  /** Only these candidate ids. */
  candidates?: string[];
  shard?: Shard;
  /** Where run folders go (default: the suite's `runs_dir`). */
  runsDir?: string;
  cache: boolean;
  progress: ProgressMode;
  progressStream: NodeJS.WritableStream;
  stopSignal?: AbortSignal;
  abortSignal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

export interface CandidateRun {
  dir: string;
  meta: RunMeta;
  outcome: RunOutcome;
}

export interface SuiteRunResult {
  loaded: LoadedSuite;
  golden: GoldenSet;
  runs: CandidateRun[];
}

/** Golden sets are looked up in the suite's folder first, then among those shipped with spameval. */
export function goldenRoots(loaded: LoadedSuite): string[] {
  return [loaded.suite.golden_sets_dir, join(packageRoot(), 'golden-sets')];
}

export function taskOf(golden: GoldenSet): TaskContext {
  return {
    labels: golden.manifest.labels,
    positive: golden.manifest.positive,
    categories: Object.keys(golden.manifest.categories ?? {}),
  };
}

/**
 * Run every (selected) candidate of a suite on its golden set, one run folder each. All
 * candidates are built (files read and checked, programs started) before the first run folder
 * is created, so bad input fails with exit 2 and leaves nothing behind.
 */
export async function runSuite(options: RunSuiteOptions): Promise<SuiteRunResult> {
  const loaded = await loadSuite(findSuiteFile(options.config));
  const { suite } = loaded;
  const selected = selectCandidates(suite.candidates, options.candidates);
  const golden = options.golden ?? (await loadGoldenSet(suite.golden_set, goldenRoots(loaded)));
  const built: { config: CandidateConfig; candidate: Candidate }[] = [];
  const runs: CandidateRun[] = [];
  try {
    for (const config of selected) built.push({ config, candidate: await buildCandidate(config, golden, options.env ?? process.env) });
    for (const { config, candidate } of built) {
      if (options.stopSignal?.aborted) break;
      const runsDir = options.runsDir ?? suite.runs_dir;
      const runId = freeRunId(runsDir, newRunId(config.id) + (options.shard ? `-shard${options.shard.index}of${options.shard.count}` : ''));
      const dir = createRunDir(runsDir, runId);
      const meta = initialMeta({ runId, loaded, config, candidate, golden, shard: options.shard ?? null });
      writeRunMeta(dir, meta);
      runs.push(await execute({ dir, meta, previous: [], tornTail: false, candidate, config, golden, loaded, options }));
    }
  } finally {
    await Promise.all(built.map(({ candidate }) => candidate.close?.()));
  }
  return { loaded, golden, runs };
}

export interface ResumeOptions extends Omit<RunSuiteOptions, 'config' | 'candidates' | 'shard' | 'runsDir'> {
  runDir: string;
}

/** Finish an interrupted run in its own folder: finished items are neither re-called nor duplicated. */
export async function resumeRun(options: ResumeOptions): Promise<SuiteRunResult> {
  const previous = await loadRun(options.runDir);
  const { meta } = previous;
  if (meta.suite.file === null) throw new InputError({ message: `${options.runDir} has no suite file to resume from` });
  const loaded = await loadSuite(meta.suite.file);
  const config = loaded.suite.candidates.find((candidate) => candidate.id === meta.candidate.id);
  if (!config) {
    throw new InputError({ file: meta.suite.file, message: `candidate '${meta.candidate.id}' is no longer in the suite` });
  }
  // the folder the run used, if it is still there; else the same name@version from the suite's roots
  const golden = await loadGoldenOfRun(previous, goldenRoots(loaded));
  const candidate = await buildCandidate(config, golden, options.env ?? process.env);
  try {
    if (candidate.fingerprint !== meta.candidate.fingerprint) {
      throw new InputError({
        message: `candidate '${config.id}' changed since the run started (model, prompt, guidelines or parameters); start a new run`,
      });
    }
    const resumed: RunMeta = { ...meta, status: 'running', finished_at: null, resumes: meta.resumes + 1 };
    writeRunMeta(previous.dir, resumed);
    const run = await execute({
      dir: previous.dir,
      meta: resumed,
      previous: previous.records,
      tornTail: previous.tornBytes > 0,
      candidate,
      config,
      golden,
      loaded,
      options: { ...options, ...(meta.shard ? { shard: meta.shard } : {}) },
    });
    return { loaded, golden, runs: [run] };
  } finally {
    await candidate.close?.();
  }
}

/** Run ids have one-second resolution: a second run within the same second gets a suffix. */
function freeRunId(runsDir: string, base: string): string {
  let runId = base;
  for (let attempt = 2; existsSync(join(runsDir, runId)) && attempt < 1000; attempt += 1) runId = `${base}-${attempt}`;
  return runId;
}

function selectCandidates(all: readonly CandidateConfig[], wanted: string[] | undefined): CandidateConfig[] {
  if (!wanted || wanted.length === 0) return [...all];
  const unknown = wanted.filter((id) => !all.some((candidate) => candidate.id === id));
  if (unknown.length > 0) {
    throw new InputError({
      message: `unknown candidate ${unknown.map((id) => `'${id}'`).join(', ')}`,
      hint: `the suite has: ${all.map((candidate) => candidate.id).join(', ')}`,
    });
  }
  return all.filter((candidate) => wanted.includes(candidate.id));
}

async function buildCandidate(config: CandidateConfig, golden: GoldenSet, env: NodeJS.ProcessEnv): Promise<Candidate> {
  return createCandidate(config, { task: taskOf(golden), items: golden.items, env });
}

function initialMeta(input: {
  runId: string;
  loaded: LoadedSuite;
  config: CandidateConfig;
  candidate: Candidate;
  golden: GoldenSet;
  shard: Shard | null;
}): RunMeta {
  const { loaded, golden, shard } = input;
  const items = shard ? golden.items.filter((item) => inShard(item.id, shard)).length : golden.items.length;
  return {
    schema_version: RUN_SCHEMA_VERSION,
    run_id: input.runId,
    tool: { name: 'spameval', version: toolVersion() },
    suite: { file: loaded.file, name: loaded.suite.name ?? null },
    candidate: {
      id: input.config.id,
      type: input.config.type,
      fingerprint: input.candidate.fingerprint,
      config: redactCandidateConfig(input.config),
    },
    golden_set: {
      name: golden.manifest.name,
      version: golden.manifest.version,
      sha256: golden.manifest.sha256,
      count: golden.manifest.count,
      path: golden.dir,
    },
    shard: input.shard,
    status: 'running',
    started_at: new Date().toISOString(),
    finished_at: null,
    elapsed_seconds: 0,
    ...emptyTally(items),
    settings: {
      operating: loaded.suite.operating,
      triage: loaded.suite.triage,
      bootstrap: loaded.suite.bootstrap,
      gates: loaded.suite.gates,
      error_budget: loaded.suite.error_budget,
    },
    resumes: 0,
  };
}

async function execute(input: {
  dir: string;
  meta: RunMeta;
  previous: PredictionRecord[];
  tornTail: boolean;
  candidate: Candidate;
  config: CandidateConfig;
  golden: GoldenSet;
  loaded: LoadedSuite;
  options: RunSuiteOptions | ResumeOptions;
}): Promise<CandidateRun> {
  const { dir, candidate, config, golden, options } = input;
  const shard = 'shard' in options ? options.shard : undefined;
  const meta: RunMeta = {
    ...input.meta,
    ...emptyTally(input.meta.counts.items),
  };
  for (const record of input.previous) tallyRecord(meta, record);
  const finished = new Set(input.previous.map((record) => record.id));
  const inRun = shard ? golden.items.filter((item) => inShard(item.id, shard)) : golden.items;
  const pending = inRun.filter((item) => !finished.has(item.id));

  const file = new PredictionsFileSink(dir, input.tornTail);
  const cache = options.cache && candidate.cacheable
    ? new JsonlResponseCache(join(input.loaded.baseDir, '.spameval', 'cache'), candidate.fingerprint)
    : undefined;
  const concurrency = config.concurrency ?? defaultConcurrency(config);
  const started = Date.now();
  let lastMetaWrite = started;
  const sink = {
    append(record: PredictionRecord): void {
      file.append(record);
      tallyRecord(meta, record);
      // keep run.json's counters roughly current for anyone watching the folder
      if (Date.now() - lastMetaWrite > 2000) {
        lastMetaWrite = Date.now();
        writeRunMeta(dir, { ...meta, elapsed_seconds: input.meta.elapsed_seconds + (Date.now() - started) / 1000 });
      }
    },
  };
  let outcome: RunOutcome = 'interrupted';
  try {
    const result = await runCandidate({
      candidate,
      task: taskOf(golden),
      items: pending,
      total: inRun.length,
      previousErrors: meta.counts.errors,
      sink,
      progress: createProgress(options.progress, options.progressStream),
      limits: {
        ...DEFAULT_LIMITS,
        concurrency,
        ...(config.timeout_ms === undefined ? {} : { timeoutMs: config.timeout_ms }),
        ...(config.max_attempts === undefined ? {} : { maxAttempts: config.max_attempts }),
      },
      errorBudget: input.loaded.suite.error_budget,
      ...(cache ? { cache } : {}),
      // always a gate: besides rpm/tpm it spreads a 429's Retry-After to every worker and
      // follows the server's rate-limit headers
      rateGate: createRateGate({ rpm: config.rpm, tpm: config.tpm, reserve: concurrency }),
      ...(options.stopSignal ? { stopSignal: options.stopSignal } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    outcome = result.outcome;
  } finally {
    file.close();
    cache?.close();
    meta.status =
      outcome === 'interrupted'
        ? 'interrupted'
        : outcome === 'complete' && meta.counts.done === meta.counts.items
          ? 'complete'
          : 'incomplete';
    meta.finished_at = new Date().toISOString();
    meta.elapsed_seconds = input.meta.elapsed_seconds + (Date.now() - started) / 1000;
    writeRunMeta(dir, meta);
  }
  return { dir, meta, outcome };
}
