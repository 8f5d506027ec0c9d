import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createOpenAICandidate } from '../../src/adapters/candidates/openai-candidate.js';
import { OpenAICandidateSchema } from '../../src/config/candidate-schemas.js';
import { CandidateCallError, type Candidate, type CandidateAnswer } from '../../src/domain/run/candidate.js';
import type { ResponseCache } from '../../src/engine/ports.js';
import { createRateGate } from '../../src/engine/rate-gate.js';
import { backoffDelay, DEFAULT_LIMITS } from '../../src/engine/run-candidate.js';
import { fixedWindowLimit, keywordAnswer } from '../helpers/mock-openai-server.js';
import { FAST_LIMITS, makeItems, runItems, TASK, useMockServer } from './run-helpers.js';

/** A scripted in-process candidate that counts calls and the most it had in flight at once. */
function fakeCandidate(
  behave: (id: string, call: number) => Promise<CandidateAnswer> | CandidateAnswer,
  options: { cacheable?: boolean } = {},
): Candidate & { calls: Map<string, number>; maxInFlight: () => number } {
  const calls = new Map<string, number>();
  let inFlight = 0;
  let most = 0;
  return {
    id: 'fake',
    fingerprint: 'fake-fingerprint',
    cacheable: options.cacheable ?? true,
    calls,
    maxInFlight: () => most,
    async classify(item) {
      const call = (calls.get(item.id) ?? 0) + 1;
      calls.set(item.id, call);
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await behave(item.id, call);
      } finally {
        inFlight -= 1;
      }
    },
  };
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const spam: CandidateAnswer = { prediction: { label: 'spam', score: 0.9 } };

class MapCache implements ResponseCache {
  readonly entries = new Map<string, CandidateAnswer>();
  get(key: string): CandidateAnswer | undefined {
    return this.entries.get(key);
  }
  set(key: string, answer: CandidateAnswer): void {
    this.entries.set(key, answer);
  }
}

describe('runCandidate', () => {
  it('keeps exactly `concurrency` calls in flight and records every item once', async () => {
    const candidate = fakeCandidate(async () => {
      await pause(2);
      return spam;
    });
    const items = makeItems(60);
    const { result, sink } = await runItems(candidate, items, { limits: { ...FAST_LIMITS, concurrency: 7 } });
    expect(result).toEqual({ outcome: 'complete', recorded: 60, errors: 0, cached: 0 });
    expect(candidate.maxInFlight()).toBe(7);
    expect(new Set(sink.records.map((record) => record.id)).size).toBe(60);
    expect([...candidate.calls.values()].every((count) => count === 1)).toBe(true);
  });

  it('stops at the error budget and returns even with thousands of items still queued', async () => {
    const candidate = fakeCandidate(() => {
      throw new CandidateCallError('invalid_output', 'nonsense');
    });
    const items = makeItems(5000);
    // budget 0.001 × 5000 = 5 errors allowed; the 6th stops the run
    const { result, sink } = await runItems(candidate, items, { errorBudget: 0.001, limits: { ...FAST_LIMITS, concurrency: 4 } });
    expect(result.outcome).toBe('error_budget_exceeded');
    expect(result.errors).toBeGreaterThanOrEqual(6);
    // nothing starts after the stop: at most the calls already in flight finish
    expect(result.errors).toBeLessThanOrEqual(6 + 3);
    expect(sink.records.length).toBe(result.recorded);
    expect(candidate.calls.size).toBe(result.recorded);
  });

  it('counts errors recorded before a resume against the budget', async () => {
    const candidate = fakeCandidate(() => {
      throw new CandidateCallError('transport', 'down', { retryable: false });
    });
    const items = makeItems(10);
    // total 100, budget 5% = 5 errors; 5 already happened, so the first new one stops the run
    const { result } = await runItems(candidate, items, {
      total: 100,
      previousErrors: 5,
      errorBudget: 0.05,
      limits: { ...FAST_LIMITS, concurrency: 1 },
    });
    expect(result).toMatchObject({ outcome: 'error_budget_exceeded', recorded: 1 });
  });

  it('on stop, lets calls in flight finish and be recorded, and starts nothing new', async () => {
    const stop = new AbortController();
    let started = 0;
    const candidate = fakeCandidate(async () => {
      started += 1;
      if (started === 10) stop.abort();
      await pause(20);
      return spam;
    });
    const { result, sink } = await runItems(candidate, makeItems(200), { stopSignal: stop.signal, limits: { ...FAST_LIMITS, concurrency: 4 } });
    expect(result.outcome).toBe('interrupted');
    expect(started).toBeLessThan(200);
    // every call that started (including those in flight at the stop) was recorded
    expect(sink.records.length).toBe(started);
    expect(sink.records.every((record) => record.status === 'ok')).toBe(true);
  });

  it('on abort, cancels calls in flight and records none of them', async () => {
    const abort = new AbortController();
    const candidate = fakeCandidate((id) =>
      id === 'item-0'
        ? spam
        : new Promise<CandidateAnswer>(() => {
            // never answers; only the abort ends it
            if (id === 'item-3') setTimeout(() => abort.abort(), 10);
          }),
    );
    const { result, sink } = await runItems(candidate, makeItems(50), { abortSignal: abort.signal, limits: { ...FAST_LIMITS, concurrency: 4 } });
    expect(result.outcome).toBe('interrupted');
    expect(sink.records.map((record) => record.id)).toEqual(['item-0']);
  });

  it('leaves an item that was waiting to retry unrecorded when the run stops, so a resume retries it', async () => {
    const stop = new AbortController();
    const candidate = fakeCandidate((id) => {
      if (id === 'item-0') {
        setTimeout(() => stop.abort(), 5);
        throw new CandidateCallError('transport', 'reset');
      }
      return spam;
    });
    const { result, sink } = await runItems(candidate, makeItems(1), {
      stopSignal: stop.signal,
      limits: { ...FAST_LIMITS, baseBackoffMs: 10_000, maxBackoffMs: 10_000 },
    });
    expect(result.outcome).toBe('interrupted');
    expect(sink.records).toEqual([]);
  });

  it('records the error with its attempts once retries are used up', async () => {
    const candidate = fakeCandidate(() => {
      throw new CandidateCallError('transport', 'HTTP 502: bad gateway');
    });
    const { sink } = await runItems(candidate, makeItems(1), { limits: { ...FAST_LIMITS, maxAttempts: 3 } });
    expect(sink.records).toEqual([
      expect.objectContaining({ id: 'item-0', status: 'error', attempts: 3, error: { kind: 'transport', message: 'HTTP 502: bad gateway' } }),
    ]);
  });

  it('checks answers against the taxonomy (a label or category the golden set lacks is invalid_output)', async () => {
    const candidate = fakeCandidate((id) =>
      id === 'item-0' ? { prediction: { label: 'ham' } } : { prediction: { label: 'spam', category: 'crypto' } },
    );
    const { sink } = await runItems(candidate, makeItems(2));
    expect(sink.byId('item-0')).toMatchObject({ status: 'error', error: { kind: 'invalid_output', message: "label 'ham' is not one of spam, not_spam" } });
    expect(sink.byId('item-1')).toMatchObject({ status: 'error', error: { kind: 'invalid_output', message: "category 'crypto' is not one of phishing, promo" } });
  });

  it('answers identical content from the cache without calling, never caches errors, and skips the cache for local candidates', async () => {
    const cache = new MapCache();
    const candidate = fakeCandidate((id) => {
      if (id === 'item-1') throw new CandidateCallError('refused', 'no');
      return { ...spam, usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.01, rateLimit: { remainingRequests: 99 } };
    });
    const items = makeItems(3);
    await runItems(candidate, items, { cache });
    expect(cache.entries.size).toBe(2);
    // the server's momentary rate-limit state is not part of the answer
    expect([...cache.entries.values()][0]).toEqual({ prediction: spam.prediction, usage: { inputTokens: 10, outputTokens: 2 }, costUsd: 0.01 });
    candidate.calls.clear();
    const again = await runItems(candidate, items, { cache });
    expect(again.result.cached).toBe(2);
    expect([...candidate.calls.keys()]).toEqual(['item-1']);
    // a cached answer costs nothing this time
    expect(again.sink.byId('item-0')).toEqual({ id: 'item-0', status: 'ok', prediction: spam.prediction, attempts: 1, latencyMs: 0, cached: true });

    const local = fakeCandidate(() => spam, { cacheable: false });
    const localRun = await runItems(local, items, { cache });
    expect(localRun.result.cached).toBe(0);
    expect(local.calls.size).toBe(3);
  });

  it('treats an exception that is not a CandidateCallError as a retryable transport error', async () => {
    const candidate = fakeCandidate((_id, call) => {
      if (call === 1) throw new TypeError('socket hang up');
      return spam;
    });
    const { sink } = await runItems(candidate, makeItems(1));
    expect(sink.records[0]).toMatchObject({ status: 'ok', attempts: 2 });
  });
});

describe('runCandidate with a server that announces its rate limit', () => {
  const mock = useMockServer({ latencyMs: 5 });

  const openai = (): Candidate =>
    createOpenAICandidate(
      OpenAICandidateSchema.parse({
        id: 'limited',
        type: 'openai',
        model: 'mock',
        base_url: mock.server.baseURL,
        prompt: join(import.meta.dirname, '../../fixtures/run-openai/prompt.md'),
      }),
      { task: TASK, env: {} },
    );

  it('slows down before the server refuses: no 429 at all when its headers are honoured', async () => {
    const limited = fixedWindowLimit(8, 300, keywordAnswer);
    mock.server.setHandler(limited);
    const limits = { ...FAST_LIMITS, concurrency: 3 };
    const { result, sink } = await runItems(openai(), makeItems(30), { limits, rateGate: createRateGate({ reserve: 3 }) });
    expect(result.outcome).toBe('complete');
    expect(sink.records.every((record) => record.status === 'ok' && record.attempts === 1)).toBe(true);
    expect(limited.refused()).toBe(0);
  });

  it('(control) collects 429s from the same server when the headers are ignored', async () => {
    const limited = fixedWindowLimit(8, 300, keywordAnswer);
    mock.server.setHandler(limited);
    const limits = { ...FAST_LIMITS, concurrency: 3, maxAttempts: 10 };
    const gate = createRateGate({ reserve: 3 });
    const { sink } = await runItems(openai(), makeItems(30), { limits, rateGate: { acquire: gate.acquire, backoff: gate.backoff } });
    expect(limited.refused()).toBeGreaterThan(0);
    // and still every item ends ok: 429s are retried after the server's retry-after
    expect(sink.records.filter((record) => record.status === 'ok')).toHaveLength(30);
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, capped, with jitter in [½, 1] of the step, never sooner than Retry-After', () => {
    // DEFAULT_LIMITS: base 500 ms, cap 30 000 ms. Step = min(30 000, 500 · 2^(attempt−1)), times (0.5 + random/2).
    expect(backoffDelay(1, DEFAULT_LIMITS, 0)).toBe(250); // 500 · 0.5
    expect(backoffDelay(1, DEFAULT_LIMITS, 1)).toBe(500); // 500 · 1
    expect(backoffDelay(3, DEFAULT_LIMITS, 1)).toBe(2000); // 500 · 4
    expect(backoffDelay(10, DEFAULT_LIMITS, 0.5)).toBe(22_500); // 500 · 512 capped to 30 000, · 0.75
    expect(backoffDelay(1, DEFAULT_LIMITS, 1, 5000)).toBe(5000); // the server asked for 5 s
    expect(backoffDelay(3, DEFAULT_LIMITS, 1, 100)).toBe(2000); // a shorter Retry-After does not shorten it
  });
});
