import type { RateLimitHint } from '../domain/run/candidate.js';
import { systemClock, type Clock, type RateGate } from './ports.js';

export interface RateLimits {
  rpm?: number | undefined;
  tpm?: number | undefined;
  /**
   * Calls that may be in flight at once (the candidate's concurrency). When a server says it has
   * no more than this many requests left, every one of them could already be on its way, so new
   * calls wait for the budget to reset instead of collecting 429s.
   */
  reserve?: number | undefined;
}

const WINDOW_MS = 60_000;
/** Wait when a server says "nearly out" but not when its budget comes back. */
const DEFAULT_HINT_PAUSE_MS = 1000;

/**
 * Admission control before each call:
 * - requests and tokens per minute over a sliding one-minute window (tokens are estimated when a
 *   call starts and corrected when its usage is known);
 * - a pause for everyone when a server refuses for rate (429), for as long as it asked;
 * - a pause before the server refuses, when its rate-limit headers say the budget is about to
 *   run out (OpenAI's `x-ratelimit-remaining-*` / `x-ratelimit-reset-*`).
 */
export function createRateGate(limits: RateLimits, clock: Clock = systemClock): RateGate {
  const requests: number[] = [];
  const tokens: { at: number; amount: number }[] = [];
  let tokenSum = 0;
  let pausedUntil = 0;
  let lastEstimate = 0;
  const reserve = Math.max(1, limits.reserve ?? 1);

  const prune = (now: number): void => {
    while (requests.length > 0 && (requests[0] ?? 0) <= now - WINDOW_MS) requests.shift();
    while (tokens.length > 0 && (tokens[0]?.at ?? 0) <= now - WINDOW_MS) tokenSum -= tokens.shift()?.amount ?? 0;
  };
  const pause = (ms: number): void => {
    pausedUntil = Math.max(pausedUntil, clock.now() + ms);
  };

  return {
    async acquire(estimatedTokens, signal) {
      lastEstimate = estimatedTokens;
      // bounded: every pass either admits the call or sleeps until the earliest moment it could
      for (;;) {
        const now = clock.now();
        prune(now);
        let waitMs = Math.max(0, pausedUntil - now);
        if (limits.rpm !== undefined && requests.length >= limits.rpm) {
          waitMs = Math.max(waitMs, (requests[0] ?? now) + WINDOW_MS - now);
        }
        if (limits.tpm !== undefined && tokens.length > 0 && tokenSum + estimatedTokens > limits.tpm) {
          waitMs = Math.max(waitMs, (tokens[0]?.at ?? now) + WINDOW_MS - now);
        }
        if (waitMs <= 0) {
          if (limits.rpm !== undefined) requests.push(now);
          if (limits.tpm !== undefined) {
            tokens.push({ at: now, amount: estimatedTokens });
            tokenSum += estimatedTokens;
          }
          return;
        }
        await clock.sleep(waitMs, signal);
      }
    },
    settle(estimatedTokens, usedTokens) {
      if (limits.tpm === undefined) return;
      const amount = usedTokens - estimatedTokens;
      tokens.push({ at: clock.now(), amount });
      tokenSum += amount;
    },
    backoff(retryAfterMs) {
      pause(retryAfterMs ?? DEFAULT_HINT_PAUSE_MS);
    },
    observe(hint: RateLimitHint) {
      pause(hintPauseMs(hint.remainingRequests, hint.limitRequests, hint.resetRequestsMs, reserve));
      // as many calls as may be in flight, each about as large as the last one admitted
      pause(hintPauseMs(hint.remainingTokens, hint.limitTokens, hint.resetTokensMs, reserve * Math.max(1, lastEstimate)));
    },
  };
}

/**
 * How long to hold new calls when a server reports `remaining` of its budget left: nothing while
 * it is above `low`; otherwise until the budget is back above `low`. A budget whose size is known
 * is taken to refill steadily until `resetMs` (a token bucket, as OpenAI's is), so the wait is
 * the share of `resetMs` that refills the missing units; otherwise the whole of `resetMs`.
 */
export function hintPauseMs(remaining: number | undefined, limit: number | undefined, resetMs: number | undefined, low: number): number {
  if (remaining === undefined || remaining > low) return 0;
  if (resetMs === undefined) return DEFAULT_HINT_PAUSE_MS;
  if (limit === undefined || limit <= remaining) return resetMs;
  return Math.min(resetMs, (resetMs / (limit - remaining)) * (low - remaining + 1));
}
