import type { Item } from '../golden/schema.js';
import type { ErrorKind, Prediction, Usage } from './prediction.js';

/** What the engine tells a candidate about the golden set it is judging. */
export interface TaskContext {
  labels: readonly string[];
  positive: string;
  categories: readonly string[];
}

/** A successful call: the prediction, and what it cost if the candidate knows. */
export interface CandidateAnswer {
  prediction: Prediction;
  usage?: Usage;
  costUsd?: number;
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

  constructor(
    kind: ErrorKind,
    message: string,
    options: { retryable?: boolean; retryAfterMs?: number; usage?: Usage } = {},
  ) {
    super(message);
    this.name = 'CandidateCallError';
    this.kind = kind;
    this.retryable = options.retryable ?? (kind === 'timeout' || kind === 'rate_limited' || kind === 'transport');
    this.retryAfterMs = options.retryAfterMs;
    this.usage = options.usage;
  }
}

/** Keep an excerpt of bad model output short enough for a log line and a report cell. */
export function excerpt(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
