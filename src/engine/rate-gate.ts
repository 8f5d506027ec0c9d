import { systemClock, type Clock, type RateGate } from './ports.js';

export interface RateLimits {
  rpm?: number | undefined;
  tpm?: number | undefined;
}

/**
 * Requests- and tokens-per-minute admission with a sliding one-minute window. Spending is
 * recorded when a call starts (tokens estimated) and corrected when its usage is known.
 */
export function createRateGate(limits: RateLimits, clock: Clock = systemClock): RateGate {
  const requests: number[] = [];
  const tokens: { at: number; amount: number }[] = [];
  let pausedUntil = 0;
  const windowMs = 60_000;
  const prune = (now: number): void => {
    while (requests.length > 0 && (requests[0] ?? 0) <= now - windowMs) requests.shift();
    while (tokens.length > 0 && (tokens[0]?.at ?? 0) <= now - windowMs) tokens.shift();
  };
  const tokensInWindow = (): number => tokens.reduce((sum, entry) => sum + entry.amount, 0);
  return {
    async acquire(estimatedTokens, signal) {
      for (;;) {
        const now = clock.now();
        prune(now);
        let waitMs = Math.max(0, pausedUntil - now);
        if (limits.rpm !== undefined && requests.length >= limits.rpm) {
          waitMs = Math.max(waitMs, (requests[0] ?? now) + windowMs - now);
        }
        if (limits.tpm !== undefined && tokens.length > 0 && tokensInWindow() + estimatedTokens > limits.tpm) {
          waitMs = Math.max(waitMs, (tokens[0]?.at ?? now) + windowMs - now);
        }
        if (waitMs <= 0) {
          requests.push(now);
          tokens.push({ at: now, amount: estimatedTokens });
          return;
        }
        await clock.sleep(waitMs, signal);
      }
    },
    settle(estimatedTokens, usedTokens) {
      tokens.push({ at: clock.now(), amount: usedTokens - estimatedTokens });
    },
    backoff(retryAfterMs) {
      pausedUntil = Math.max(pausedUntil, clock.now() + (retryAfterMs ?? 1000));
    },
  };
}
