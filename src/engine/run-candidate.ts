import { createHash } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Item } from '../domain/golden/schema.js';
import { cacheableAnswer, CandidateCallError, excerpt, type Candidate, type CandidateAnswer, type TaskContext } from '../domain/run/candidate.js';
import type { PredictionRecord, Usage } from '../domain/run/prediction.js';
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
  return Math.ceil((item.text.length + (item.fields ? JSON.stringify(item.fields).length : 0)) / 4) + 200;
}

/**
 * Apply one candidate to items concurrently: a fixed pool of `concurrency` workers pulling the
 * next item, per-call timeout, retries with exponential backoff and jitter (honouring
 * Retry-After), the response cache, the error budget, and graceful or hard interruption. Each
 * finished item is handed to the sink as it finishes, so nothing done is lost when the process dies.
 *
 * Stopping (Ctrl-C, error budget) starts nothing new and ends backoff waits; calls in flight
 * finish and are recorded. An item stopped while it still had attempts left is *not* recorded:
 * it has not finished, and a resume gives it its remaining attempts.
 */
export async function runCandidate(options: RunCandidateOptions): Promise<RunCandidateResult> {
  const { candidate, task, sink, progress, limits, cache } = options;
  const rateGate = options.rateGate;
  const clock = options.clock ?? systemClock;
  const abortSignal = options.abortSignal ?? new AbortController().signal;
  // aborted by any stop: ends waits (backoff, rate limits) but leaves calls in flight alone
  const halt = new AbortController();
  const maxErrors = Math.floor(options.errorBudget * options.total);
  let errors = options.previousErrors ?? 0;
  let recorded = 0;
  let cached = 0;
  let outcome: RunOutcome = 'complete';

  const stop = (why: RunOutcome): void => {
    if (outcome === 'complete') outcome = why;
    halt.abort(new Error(why));
  };
  const onStop = (): void => stop('interrupted');
  // every call in flight listens for the user's abort (and its backoff sleep too): that is
  // expected, not a leak, so Node's default warning threshold of 10 is raised to fit
  setMaxListeners(2 * limits.concurrency + 10, abortSignal, halt.signal);
  options.stopSignal?.addEventListener('abort', onStop, { once: true });
  abortSignal.addEventListener('abort', onStop, { once: true });
  if (options.stopSignal?.aborted || abortSignal.aborted) stop('interrupted');
  const useCache = cache !== undefined && candidate.cacheable;

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
    const key = useCache ? `${candidate.fingerprint}:${itemContentHash(item)}` : undefined;
    const hit = key === undefined ? undefined : cache?.get(key);
    if (hit !== undefined) {
      cached += 1;
      await finish({ id: item.id, status: 'ok', prediction: hit.prediction, attempts: 1, latencyMs: 0, cached: true });
      return;
    }
    const estimate = rateGate ? estimateTokens(item) : 0;
    const started = clock.now();
    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    let costUsd = 0;
    let paid = false;
    const spent = (): Pick<PredictionRecord, 'usage' | 'costUsd'> => ({
      ...(paid ? { usage: { ...usage } } : {}),
      ...(costUsd > 0 ? { costUsd } : {}),
    });
    // bounded by maxAttempts: every failing pass either records the item, returns, or counts up
    for (let attempt = 1; ; attempt += 1) {
      if (rateGate) {
        try {
          await rateGate.acquire(estimate, halt.signal);
        } catch {
          return; // stopped while waiting for the rate limit: not started, done on resume
        }
      }
      if (abortSignal.aborted) return;
      try {
        const answer = await callWithTimeout(candidate, item, limits.timeoutMs, abortSignal);
        if (answer.rateLimit) rateGate?.observe?.(answer.rateLimit);
        rateGate?.settle?.(estimate, answer.usage ? answer.usage.inputTokens + answer.usage.outputTokens : estimate);
        if (answer.usage) {
          usage.inputTokens += answer.usage.inputTokens;
          usage.outputTokens += answer.usage.outputTokens;
          paid = true;
        }
        if (answer.costUsd !== undefined) costUsd += answer.costUsd;
        const invalid = checkAnswer(answer, task);
        if (invalid !== undefined) throw new CandidateCallError('invalid_output', invalid, { retryable: false });
        if (key !== undefined) cache?.set(key, cacheableAnswer(answer));
        await finish({
          id: item.id,
          status: 'ok',
          prediction: answer.prediction,
          attempts: attempt,
          latencyMs: clock.now() - started,
          ...spent(),
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
        if (failure.costUsd !== undefined) costUsd += failure.costUsd;
        if (failure.kind === 'rate_limited') rateGate?.backoff?.(failure.retryAfterMs);
        const attemptsLeft = failure.retryable && attempt < limits.maxAttempts;
        if (attemptsLeft && outcome !== 'complete') return; // stopped: the item keeps its remaining attempts for a resume
        if (!attemptsLeft) {
          await finish({
            id: item.id,
            status: 'error',
            error: { kind: failure.kind, message: excerpt(failure.message, 500) },
            attempts: attempt,
            latencyMs: clock.now() - started,
            ...spent(),
          });
          return;
        }
        const waitMs = backoffDelay(attempt, limits, clock.random(), failure.retryAfterMs);
        progress.retry?.({ id: item.id, attempt, kind: failure.kind, waitMs });
        try {
          await clock.sleep(waitMs, halt.signal);
        } catch {
          return;
        }
      }
    }
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    // a pool of workers pulling the next item keeps memory at O(concurrency), and a stop takes
    // effect at once: nothing is queued that would have to be drained or dropped
    while (outcome === 'complete' && next < options.items.length) {
      const item = options.items[next];
      next += 1;
      if (item !== undefined) await processItem(item);
    }
  };

  progress.start({ candidateId: candidate.id, total: options.total, alreadyDone: options.total - options.items.length });
  try {
    const workers = Math.max(1, Math.min(limits.concurrency, options.items.length));
    await Promise.all(Array.from({ length: workers }, worker));
  } finally {
    options.stopSignal?.removeEventListener('abort', onStop);
    abortSignal.removeEventListener('abort', onStop);
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

/**
 * One call, cancelled by the user's abort or by the timeout. The race means a candidate that
 * ignores its signal still cannot hold the run past the timeout. (Listeners are removed after
 * each call rather than using `AbortSignal.any`, whose derived signals Node 20 keeps alive.)
 */
async function callWithTimeout(candidate: Candidate, item: Item, timeoutMs: number, abortSignal: AbortSignal): Promise<CandidateAnswer> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(abortSignal.reason);
  abortSignal.addEventListener('abort', onAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
    timer = setTimeout(() => controller.abort(new CandidateCallError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => candidate.classify(item, controller.signal)), guard]);
  } finally {
    clearTimeout(timer);
    abortSignal.removeEventListener('abort', onAbort);
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

