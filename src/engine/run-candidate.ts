import { createHash } from 'node:crypto';
import pLimit from 'p-limit';
import type { Item } from '../domain/golden/schema.js';
import { CandidateCallError, excerpt, type Candidate, type CandidateAnswer, type TaskContext } from '../domain/run/candidate.js';
import type { ErrorKind, PredictionRecord, Usage } from '../domain/run/prediction.js';
import { systemClock, type Clock, type Progress, type RateGate, type ResponseCache, type RunSink } from './ports.js';

export interface RunLimits {
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
  /** First backoff delay; doubles per attempt, with jitter, capped at `maxBackoffMs`. */
  baseBackoffMs: number;
  maxBackoffMs: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  concurrency: 8,
  timeoutMs: 60_000,
  maxAttempts: 4,
  baseBackoffMs: 500,
  maxBackoffMs: 30_000,
};

export interface RunCandidateOptions {
  candidate: Candidate;
  task: TaskContext;
  /** Items still to do (the caller has removed those already recorded). */
  items: readonly Item[];
  /** Total items of the run including those done before a resume, for progress and the budget. */
  total: number;
  /** Errors already recorded before a resume, counted against the budget. */
  previousErrors?: number;
  sink: RunSink;
  progress: Progress;
  limits: RunLimits;
  /** Largest share of `total` that may end in error before the run stops (exit 3). */
  errorBudget: number;
  cache?: ResponseCache;
  rateGate?: RateGate;
  clock?: Clock;
  /** Stop starting new items (first Ctrl-C); calls in flight finish and are recorded. */
  stopSignal?: AbortSignal;
  /** Cancel calls in flight too (second Ctrl-C); cancelled items are not recorded. */
  abortSignal?: AbortSignal;
}

export type RunOutcome = 'complete' | 'error_budget_exceeded' | 'interrupted';

export interface RunCandidateResult {
  outcome: RunOutcome;
  recorded: number;
  errors: number;
  cached: number;
}

/** Hash of what a candidate sees of an item: identical content gets the cached answer. */
export function itemContentHash(item: Item): string {
  return createHash('sha256')
    .update(JSON.stringify([item.text, item.fields ?? null]))
    .digest('hex');
}

/** Rough token estimate for rate limiting before the call (≈ 4 characters a token). */
function estimateTokens(item: Item): number {
  return Math.ceil((item.text.length + JSON.stringify(item.fields ?? {}).length) / 4) + 200;
}

/**
 * Apply one candidate to items concurrently: bounded concurrency, per-call timeout, retries with
 * exponential backoff and jitter (honouring Retry-After), the response cache, the error budget,
 * and graceful or hard interruption. Each finished item is handed to the sink as it finishes, so
 * nothing done is lost when the process dies.
 */
export async function runCandidate(options: RunCandidateOptions): Promise<RunCandidateResult> {
  const { candidate, task, sink, progress, limits, cache, rateGate } = options;
  const clock = options.clock ?? systemClock;
  const limit = pLimit(limits.concurrency);
  const abortSignal = options.abortSignal ?? new AbortController().signal;
  const maxErrors = Math.floor(options.errorBudget * options.total);
  let errors = options.previousErrors ?? 0;
  let recorded = 0;
  let cached = 0;
  let outcome: RunOutcome = 'complete';

  const stop = (why: RunOutcome): void => {
    if (outcome === 'complete') outcome = why;
    limit.clearQueue();
  };
  options.stopSignal?.addEventListener('abort', () => stop('interrupted'), { once: true });
  abortSignal.addEventListener('abort', () => stop('interrupted'), { once: true });
  if (options.stopSignal?.aborted || abortSignal.aborted) stop('interrupted');

  const finish = async (record: PredictionRecord): Promise<void> => {
    await sink.append(record);
    recorded += 1;
    if (record.status === 'error') {
      errors += 1;
      if (errors > maxErrors) stop('error_budget_exceeded');
    }
    progress.record(record);
  };

  const processItem = async (item: Item): Promise<void> => {
    if (outcome !== 'complete') return;
    const key = cache && candidate.cacheable ? `${candidate.fingerprint}:${itemContentHash(item)}` : undefined;
    const hit = key === undefined ? undefined : cache?.get(key);
    if (hit !== undefined) {
      cached += 1;
      await finish({ id: item.id, status: 'ok', prediction: hit.prediction, attempts: 1, latencyMs: 0, cached: true });
      return;
    }
    const estimate = estimateTokens(item);
    const started = clock.now();
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    let costUsd = 0;
    let paid = false;
    for (let attempt = 1; ; attempt += 1) {
      try {
        if (rateGate) await rateGate.acquire(estimate, abortSignal);
        const answer = await callWithTimeout(candidate, item, limits.timeoutMs, abortSignal);
        rateGate?.settle?.(estimate, answer.usage ? answer.usage.inputTokens + answer.usage.outputTokens : estimate);
        if (answer.usage) {
          usage.inputTokens += answer.usage.inputTokens;
          usage.outputTokens += answer.usage.outputTokens;
          paid = true;
        }
        if (answer.costUsd !== undefined) costUsd += answer.costUsd;
        const invalid = checkAnswer(answer, task);
        if (invalid !== undefined) throw new CandidateCallError('invalid_output', invalid, { retryable: false });
        if (key !== undefined) cache?.set(key, answer);
        await finish({
          id: item.id,
          status: 'ok',
          prediction: answer.prediction,
          attempts: attempt,
          latencyMs: clock.now() - started,
          ...(paid ? { usage: { ...usage } } : {}),
          ...(costUsd > 0 ? { costUsd } : {}),
        });
        return;
      } catch (error) {
        if (abortSignal.aborted) return; // cancelled by the user: not finished, done again on resume
        const failure = asCallError(error);
        if (failure.usage) {
          usage.inputTokens += failure.usage.inputTokens;
          usage.outputTokens += failure.usage.outputTokens;
          paid = true;
        }
        if (failure.kind === 'rate_limited') rateGate?.backoff?.(failure.retryAfterMs);
        const canRetry = failure.retryable && attempt < limits.maxAttempts && outcome === 'complete';
        if (!canRetry) {
          await finish({
            id: item.id,
            status: 'error',
            error: { kind: failure.kind, message: excerpt(failure.message, 500) },
            attempts: attempt,
            latencyMs: clock.now() - started,
            ...(paid ? { usage: { ...usage } } : {}),
            ...(costUsd > 0 ? { costUsd } : {}),
          });
          return;
        }
        const waitMs = backoffDelay(attempt, limits, clock.random(), failure.retryAfterMs);
        progress.retry?.({ id: item.id, attempt, kind: failure.kind, waitMs });
        try {
          await clock.sleep(waitMs, abortSignal);
        } catch {
          return;
        }
      }
    }
  };

  progress.start({ candidateId: candidate.id, total: options.total, alreadyDone: options.total - options.items.length });
  try {
    await Promise.all(options.items.map((item) => limit(() => processItem(item))));
  } finally {
    progress.finish();
  }
  return { outcome, recorded, errors, cached };
}

/** Exponential backoff with jitter in [½, 1] of the step, never sooner than the server asked. */
export function backoffDelay(attempt: number, limits: RunLimits, random: number, retryAfterMs?: number): number {
  const step = Math.min(limits.maxBackoffMs, limits.baseBackoffMs * 2 ** (attempt - 1));
  const jittered = step * (0.5 + random / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

async function callWithTimeout(candidate: Candidate, item: Item, timeoutMs: number, abortSignal: AbortSignal): Promise<CandidateAnswer> {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new CandidateCallError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
  const signal = AbortSignal.any([abortSignal, timeout.signal]);
  try {
    // race so that a candidate that ignores its signal still cannot hold the run past the timeout
    return await Promise.race([
      candidate.classify(item, signal),
      new Promise<never>((_, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

function asCallError(error: unknown): CandidateCallError {
  if (error instanceof CandidateCallError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CandidateCallError('transport', message);
}

/** The answer must use the golden set's taxonomy; anything else is the candidate's error. */
function checkAnswer(answer: CandidateAnswer, task: TaskContext): string | undefined {
  const { label, score, category } = answer.prediction;
  if (!task.labels.includes(label)) return `label '${excerpt(label, 60)}' is not one of ${task.labels.join(', ')}`;
  if (score !== undefined && !(score >= 0 && score <= 1)) return `score ${score} is outside [0, 1]`;
  if (category !== undefined && task.categories.length > 0 && !task.categories.includes(category)) {
    return `category '${excerpt(category, 60)}' is not one of ${task.categories.join(', ')}`;
  }
  return undefined;
}

export type { ErrorKind };
