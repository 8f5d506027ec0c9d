import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Item } from '../../src/domain/golden/schema.js';
import type { Candidate, TaskContext } from '../../src/domain/run/candidate.js';
import type { PredictionRecord } from '../../src/domain/run/prediction.js';
import type { Progress, RunSink } from '../../src/engine/ports.js';
import { runCandidate, type RunCandidateOptions, type RunCandidateResult, type RunLimits } from '../../src/engine/run-candidate.js';
import { keywordAnswer, startMockOpenAIServer, type MockServer, type MockServerOptions } from '../helpers/mock-openai-server.js';

export const TASK: TaskContext = { labels: ['spam', 'not_spam'], positive: 'spam', categories: ['phishing', 'promo'] };

export function makeItem(id: string, text: string, extra: Partial<Item> = {}): Item {
  return { id, text, label: 'not_spam', ...extra };
}

/** `n` items alternating spammy and ordinary text. */
export function makeItems(n: number, prefix = 'item'): Item[] {
  return Array.from({ length: n }, (_, index) =>
    makeItem(`${prefix}-${index}`, index % 2 === 0 ? `Click to win a free prize #${index}` : `Minutes of the meeting #${index}`),
  );
}

export class MemorySink implements RunSink {
  readonly records: PredictionRecord[] = [];
  append(record: PredictionRecord): void {
    this.records.push(record);
  }
  byId(id: string): PredictionRecord | undefined {
    return this.records.find((record) => record.id === id);
  }
}

export const quietProgress: Progress = { start() {}, record() {}, finish() {} };

/** Small waits so retry tests take milliseconds; the timeout is generous for slow machines. */
export const FAST_LIMITS: RunLimits = { concurrency: 4, timeoutMs: 5000, maxAttempts: 3, baseBackoffMs: 5, maxBackoffMs: 50 };

export async function runItems(
  candidate: Candidate,
  items: readonly Item[],
  overrides: Partial<RunCandidateOptions> = {},
): Promise<{ result: RunCandidateResult; sink: MemorySink }> {
  const sink = new MemorySink();
  const result = await runCandidate({
    candidate,
    task: TASK,
    items,
    total: items.length,
    sink,
    progress: quietProgress,
    limits: FAST_LIMITS,
    errorBudget: 1,
    ...overrides,
  });
  return { result, sink };
}

/**
 * A mock OpenAI-compatible server for the tests of one file: started before them, closed after,
 * and between tests its request log emptied and its handler reset to `handler`.
 */
export function useMockServer(options: MockServerOptions = {}): { server: MockServer } {
  const live: { server?: MockServer } = {};
  const handler = options.handler ?? keywordAnswer;
  beforeAll(async () => {
    live.server = await startMockOpenAIServer(options);
  });
  afterAll(async () => {
    await live.server?.close();
  });
  beforeEach(() => {
    live.server?.requests.splice(0);
    live.server?.setHandler(handler);
  });
  return {
    get server(): MockServer {
      if (live.server === undefined) throw new Error('the mock server is only there while tests run');
      return live.server;
    },
  };
}
