import type { CandidateAnswer, RateLimitHint } from '../domain/run/candidate.js';
import type { PredictionRecord } from '../domain/run/prediction.js';

/** Where finished items go, one record at a time, durably before `append` resolves. */
export interface RunSink {
  append(record: PredictionRecord): void | Promise<void>;
}

/** Responses already paid for, keyed by (candidate fingerprint, item content hash). */
export interface ResponseCache {
  get(key: string): CandidateAnswer | undefined;
  set(key: string, answer: CandidateAnswer): void;
}

/** Display of a run in progress: a live line on a terminal, plain lines in CI, nothing when quiet. */
export interface Progress {
  start(info: { candidateId: string; total: number; alreadyDone: number }): void;
  record(record: PredictionRecord): void;
  /** A retry is scheduled (shown so a slow run is explained). */
  retry?(info: { id: string; attempt: number; kind: string; waitMs: number }): void;
  finish(): void;
}

/**
 * Admission control before each call: requests and tokens per minute, and whatever the server
 * says in its rate-limit headers. `acquire` waits (honouring the signal) until a call may start.
 */
export interface RateGate {
  acquire(estimatedTokens: number, signal: AbortSignal): Promise<void>;
  /** Called after each call with the tokens it really used. */
  settle?(estimatedTokens: number, usedTokens: number): void;
  /** Called when the server refused for rate (429), with its Retry-After. */
  backoff?(retryAfterMs: number | undefined): void;
  /** Called with the rate-limit headers of each answer, so calls slow down before a refusal. */
  observe?(hint: RateLimitHint): void;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  random(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
    }),
};
