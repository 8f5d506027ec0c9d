import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCommandCandidate } from '../../src/adapters/candidates/command-candidate.js';
import { CommandCandidateSchema } from '../../src/config/candidate-schemas.js';
import { InputError } from '../../src/domain/problems.js';
import type { Candidate } from '../../src/domain/run/candidate.js';
import { FAST_LIMITS, makeItem, makeItems, runItems, TASK } from './run-helpers.js';

const SCRIPT = join(import.meta.dirname, '../../fixtures/run-command/classify.mjs');
let work: string;
const open: Candidate[] = [];

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'spameval-command-'));
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((candidate) => candidate.close?.()));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

async function command(overrides: Record<string, unknown> = {}): Promise<Candidate> {
  const config = CommandCandidateSchema.parse({
    id: 'local-script',
    type: 'command',
    command: [process.execPath, SCRIPT],
    cwd: work,
    env: { MARKER_DIR: work },
    ...overrides,
  });
  const candidate = await createCommandCandidate(config, { task: TASK, env: process.env });
  open.push(candidate);
  return candidate;
}

describe('command candidate', () => {
  it('classifies through a long-lived process per worker: no more processes than the concurrency', async () => {
    const candidate = await command();
    const items = [...makeItems(40), ...Array.from({ length: 20 }, (_, index) => makeItem(`pid-${index}`, 'pid'))];
    const { result, sink } = await runItems(candidate, items, { limits: { ...FAST_LIMITS, concurrency: 3 } });
    expect(result).toMatchObject({ outcome: 'complete', errors: 0 });
    expect(sink.byId('item-0')).toMatchObject({ status: 'ok', prediction: { label: 'spam', score: 0.8 } });
    expect(sink.byId('item-1')).toMatchObject({ status: 'ok', prediction: { label: 'not_spam', score: 0.2 } });
    const pids = new Set(
      sink.records.flatMap((record) => (record.status === 'ok' && record.prediction.rationale ? [record.prediction.rationale] : [])),
    );
    expect(pids.size).toBeGreaterThanOrEqual(1);
    expect(pids.size).toBeLessThanOrEqual(3);
  });

  it('passes item text verbatim, never through a shell', async () => {
    const candidate = await command();
    const text = 'echo:$(touch pwned-1); touch pwned-2 `touch pwned-3` && echo "quoted" \'single\'\n\tnext line ✓';
    const answer = await candidate.classify(makeItem('x1', text), new AbortController().signal);
    expect(answer.prediction.rationale).toBe(text);
    expect(readdirSync(work).filter((name) => name.startsWith('pwned'))).toEqual([]);
  });

  it('restarts a crashed process and retries the item; the crash report carries stderr', async () => {
    const candidate = await command();
    const { sink } = await runItems(candidate, [makeItem('c1', 'crash-once'), makeItem('c2', 'crash-always')], {
      limits: { ...FAST_LIMITS, concurrency: 1, maxAttempts: 2 },
    });
    expect(existsSync(join(work, 'crashed-c1'))).toBe(true);
    expect(sink.byId('c1')).toMatchObject({ status: 'ok', attempts: 2, prediction: { label: 'not_spam' } });
    expect(sink.byId('c2')).toMatchObject({ status: 'error', attempts: 2, error: { kind: 'transport' } });
    const failed = sink.byId('c2');
    expect(failed?.status === 'error' ? failed.error.message : '').toMatch(
      /^the process exited with code 1; stderr: Traceback: ImportError: no module named torch/,
    );
  });

  it('maps reported error kinds, non-JSON lines and answers for another item to errors', async () => {
    const candidate = await command();
    const { sink } = await runItems(candidate, [makeItem('k1', 'refuse'), makeItem('k2', 'garbage'), makeItem('k3', 'wrong-id'), makeItem('k4', 'buy now')], {
      limits: { ...FAST_LIMITS, concurrency: 1 },
    });
    expect(sink.byId('k1')).toMatchObject({ status: 'error', error: { kind: 'refused', message: 'policy forbids' } });
    expect(sink.byId('k2')).toMatchObject({ status: 'error', error: { kind: 'invalid_output', message: 'not a JSON line; got: loading weights... done' } });
    expect(sink.byId('k3')).toMatchObject({ status: 'error', error: { kind: 'invalid_output' } });
    // the process that answered out of step was replaced, and the next item is answered correctly
    expect(sink.byId('k4')).toMatchObject({ status: 'ok', prediction: { label: 'spam' } });
  });

  it('kills a process that overruns the timeout and carries on with a fresh one', async () => {
    const candidate = await command();
    const { sink } = await runItems(candidate, [makeItem('s1', 'sleep'), makeItem('s2', 'free offer')], {
      // 'sleep' waits 30 s, so any timeout well below that must fire for s1; 3 s leaves the fresh
      // process for s2 room to start on a loaded CI machine
      limits: { ...FAST_LIMITS, concurrency: 1, timeoutMs: 3000, maxAttempts: 1 },
    });
    expect(sink.byId('s1')).toMatchObject({ status: 'error', error: { kind: 'timeout' } });
    expect(sink.byId('s2')).toMatchObject({ status: 'ok', prediction: { label: 'spam' } });
  });

  it('is an input error (exit 2) when the program cannot be started', async () => {
    await expect(command({ command: ['/nonexistent/classifier', '--fast'] })).rejects.toThrow(InputError);
    await expect(command({ command: ['/nonexistent/classifier', '--fast'] })).rejects.toThrow(/cannot start .*ENOENT/);
  });

  it('has a fingerprint that changes with the script’s content', async () => {
    const a = await command();
    const b = await command({ command: [process.execPath, join(import.meta.dirname, '../../fixtures/run-module/classify.mjs')] });
    expect(a.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(a.fingerprint).not.toBe(b.fingerprint);
    expect(a.cacheable).toBe(false);
  });
});
