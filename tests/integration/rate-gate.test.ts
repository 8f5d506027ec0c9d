import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/engine/ports.js';
import { createRateGate, hintPauseMs } from '../../src/engine/rate-gate.js';
import { parseDuration, parseRateLimitHint, parseRetryAfter } from '../../src/adapters/candidates/http-failure.js';

/** A clock whose sleeps advance virtual time at once, recording how long each was. */
function virtualClock(): Clock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    random: () => 0.5,
    sleep: (ms) => {
      slept.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const signal = new AbortController().signal;

describe('createRateGate', () => {
  it('admits rpm calls per sliding minute, then waits for the oldest to leave the window', async () => {
    const clock = virtualClock();
    const gate = createRateGate({ rpm: 3 }, clock);
    for (let call = 0; call < 3; call += 1) await gate.acquire(10, signal);
    expect(clock.slept).toEqual([]);
    await gate.acquire(10, signal);
    expect(clock.slept).toEqual([60_000]);
  });

  it('admits by estimated tokens and corrects the window with the tokens really used', async () => {
    const clock = virtualClock();
    const gate = createRateGate({ tpm: 1000 }, clock);
    await gate.acquire(400, signal);
    // the call really used 100 tokens, so 900 remain and a 800-token call fits at once
    gate.settle?.(400, 100);
    await gate.acquire(800, signal);
    expect(clock.slept).toEqual([]);
    await gate.acquire(200, signal);
    expect(clock.slept).toEqual([60_000]);
  });

  it('pauses every caller for the Retry-After of a 429', async () => {
    const clock = virtualClock();
    const gate = createRateGate({}, clock);
    gate.backoff?.(2500);
    await gate.acquire(1, signal);
    expect(clock.slept).toEqual([2500]);
  });

  it('pauses before the budget runs out when the server says it is nearly spent', async () => {
    const clock = virtualClock();
    const gate = createRateGate({ reserve: 4 }, clock);
    gate.observe?.({ remainingRequests: 5, resetRequestsMs: 700 });
    await gate.acquire(1, signal);
    expect(clock.slept).toEqual([]);
    gate.observe?.({ remainingRequests: 4, resetRequestsMs: 700 });
    await gate.acquire(1, signal);
    expect(clock.slept).toEqual([700]);
  });

  it('gives up waiting when the run stops', async () => {
    const gate = createRateGate({});
    gate.backoff?.(60_000);
    const stop = new AbortController();
    const waiting = gate.acquire(1, stop.signal);
    stop.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
  });
});

describe('hintPauseMs', () => {
  it('does not pause while more than the reserve is left', () => {
    expect(hintPauseMs(10, 100, 5000, 9)).toBe(0);
    expect(hintPauseMs(undefined, 100, 5000, 9)).toBe(0);
  });

  it('waits the whole reset when the budget size is unknown (a fixed window)', () => {
    expect(hintPauseMs(2, undefined, 5000, 4)).toBe(5000);
    expect(hintPauseMs(2, undefined, undefined, 4)).toBe(1000);
  });

  it('paces a steadily refilling budget: only the share of the reset that refills the missing units', () => {
    // 500/min bucket, 60 left, 52.8 s to full → 440 units refill in 52.8 s = 120 ms a unit;
    // 64 + 1 − 60 = 5 units are needed to be back above the reserve of 64 → 600 ms
    expect(hintPauseMs(60, 500, 52_800, 64)).toBeCloseTo(600, 9);
  });
});

describe('header parsing', () => {
  it('reads OpenAI durations', () => {
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('20ms')).toBe(20);
    expect(parseDuration('1h2m3s')).toBe(3_723_000);
    expect(parseDuration('7')).toBe(7000);
    expect(parseDuration('soon')).toBeUndefined();
  });

  it('reads Retry-After as ms, seconds or an HTTP date', () => {
    const headers = (values: Record<string, string>) => (name: string) => values[name];
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250' }))).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '3' }))).toBe(3000);
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString();
    const fromDate = parseRetryAfter(headers({ 'retry-after': inFiveSeconds }));
    expect(fromDate).toBeGreaterThan(3000);
    expect(fromDate).toBeLessThanOrEqual(5000);
    expect(parseRetryAfter(headers({}))).toBeUndefined();
  });

  it('reads the IETF RateLimit fields too', () => {
    const values: Record<string, string> = { 'ratelimit-remaining': '3', 'ratelimit-reset': '2', 'ratelimit-limit': '50' };
    expect(parseRateLimitHint((name) => values[name])).toEqual({ remainingRequests: 3, limitRequests: 50, resetRequestsMs: 2000 });
    expect(parseRateLimitHint(() => undefined)).toBeUndefined();
  });
});
