import type { Item } from '../golden/schema.js';
import type { ErrorKind, Prediction, Usage } from './prediction.js';

/** What the engine tells a candidate about the golden set it is judging. */
export interface TaskContext {
  labels: readonly string[];
  positive: string;
  categories: readonly string[];
}

/**
 * What a server said about its remaining rate-limit budget (`x-ratelimit-*` headers), so the
 * runner can slow down before it is refused rather than after.
 */
export interface RateLimitHint {
  remainingRequests?: number;
  remainingTokens?: number;
  /** Size of the budgets, when sent: with it a steadily refilling budget is paced, not paused. */
  limitRequests?: number;
  limitTokens?: number;
  /** Time until the request budget is replenished, in ms. */
  resetRequestsMs?: number;
  /** Time until the token budget is replenished, in ms. */
  resetTokensMs?: number;
}

/** A successful call: the prediction, and what it cost if the candidate knows. */
export interface CandidateAnswer {
  prediction: Prediction;
  usage?: Usage;
  costUsd?: number;
  /** Rate-limit headers of the response, when the server sends them (never cached). */
  rateLimit?: RateLimitHint;
}

/**
 * The part of an answer that is cached: the prediction and what it cost, never the server's
 * momentary rate-limit state. Takes absent fields as `undefined` too, as zod parses them.
 */
export function cacheableAnswer(answer: { prediction: Prediction; usage?: Usage | undefined; costUsd?: number | undefined }): CandidateAnswer {
  const stored: CandidateAnswer = { prediction: answer.prediction };
  if (answer.usage !== undefined) stored.usage = answer.usage;
  if (answer.costUsd !== undefined) stored.costUsd = answer.costUsd;
  return stored;
}

/**
 * The port every candidate type implements (builtin, openai, http, command, module, predictions).
 * `classify` resolves with an answer or throws a `CandidateCallError`; anything else it throws
 * is treated as a `transport` error. It must honour `signal` (timeouts, Ctrl-C).
 */
export interface Candidate {
  readonly id: string;
  /**
   * Everything that changes the candidate's answers (model, prompt and guideline contents,
   * parameters, model file hash), hashed: the response cache key is (fingerprint, item hash).
   */
  readonly fingerprint: string;
  /** Whether answers may be cached on disk (false for candidates that are local and free). */
  readonly cacheable: boolean;
  classify(item: Item, signal: AbortSignal): Promise<CandidateAnswer>;
  close?(): Promise<void>;
}

/** A failed call, with its closed `kind`; `retryable` errors are retried with backoff. */
export class CandidateCallError extends Error {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** Server-requested wait before the next attempt (`Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;
  readonly usage: Usage | undefined;
  /** What the failed call cost (a model that answered off-format was still paid for). */
  readonly costUsd: number | undefined;

  constructor(
    kind: ErrorKind,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; usage?: Usage; costUsd?: number } = {},
  ) {
    super(message);
    this.name = 'CandidateCallError';
    this.kind = kind;
    this.retryable = options.retryable ?? (kind === 'timeout' || kind === 'rate_limited' || kind === 'transport');
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
    this.costUsd = options.costUsd;
  }
}

/** Keep an excerpt of bad model output short enough for a log line and a report cell. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
