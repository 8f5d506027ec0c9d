import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, fit } from '../../src/adapters/progress/create-progress.js';
import { formatSeconds, ProgressState } from '../../src/adapters/progress/progress-state.js';

function capture(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

describe('progress display', () => {
  it('shows done/total, percent, rate, errors by kind, retries, cache hits and spend', () => {
    const state = new ProgressState();
    state.start({ candidateId: 'gpt', total: 200, alreadyDone: 50 });
    state.record({ id: 'a', status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 10, costUsd: 0.0125 });
    state.record({ id: 'b', status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 0, cached: true });
    state.record({ id: 'c', status: 'error', error: { kind: 'timeout', message: 'x' }, attempts: 3, latencyMs: 10 });
    state.record({ id: 'd', status: 'error', error: { kind: 'timeout', message: 'x' }, attempts: 3, latencyMs: 10 });
    state.record({ id: 'e', status: 'error', error: { kind: 'refused', message: 'x' }, attempts: 1, latencyMs: 10 });
    state.retries = 4;
    const line = state.line();
    // 50 done before a resume + 5 now = 55 of 200 = 27%
    expect(line).toMatch(/^gpt 55\/200 27% {2}[\d.]+\/s {2}eta \S+ {2}errors 3 \(timeout 2, refused 1\) {2}retries 4 {2}cached 1 {2}\$0\.0125$/);
  });

  it('prints plain lines (start and finish) off a terminal and nothing when quiet', () => {
    const stream = capture();
    const progress = createProgress('lines', stream, 60_000);
    progress.start({ candidateId: 'rules', total: 2, alreadyDone: 0 });
    progress.record({ id: 'a', status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 1 });
    progress.record({ id: 'b', status: 'ok', prediction: { label: 'spam' }, attempts: 1, latencyMs: 1 });
    progress.finish();
    const lines = stream.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^rules 0\/2 0%/);
    expect(lines[1]).toMatch(/^rules 2\/2 100% .* errors 0$/);
    expect(stream.text()).not.toContain('\x1b');

    const quiet = capture();
    const silent = createProgress('quiet', quiet);
    silent.start({ candidateId: 'rules', total: 1, alreadyDone: 0 });
    silent.finish();
    expect(quiet.text()).toBe('');
  });

  it('redraws one line in place on a terminal, cut to its width', () => {
    expect(fit('x'.repeat(100), 40)).toBe(`${'x'.repeat(38)}…`);
    expect(fit('short', 40)).toBe('short');
    expect(fit('x'.repeat(100), undefined)).toHaveLength(100);
    const stream = capture();
    const progress = createProgress('tty', stream, 60_000);
    progress.start({ candidateId: 'rules', total: 1, alreadyDone: 0 });
    progress.finish();
    expect(stream.text()).toMatch(/^\r\x1b\[2Krules 0\/1 0%.*\r\x1b\[2Krules 0\/1 0%.*\n$/s);
  });

  it('formats durations for the ETA', () => {
    expect([formatSeconds(4.2), formatSeconds(75), formatSeconds(3725), formatSeconds(Infinity)]).toEqual(['5s', '1m15s', '1h02m', '—']);
    // a fraction just under a whole minute carries into the minutes, never shows as 60 seconds
    expect([formatSeconds(59.5), formatSeconds(119.5), formatSeconds(3599.5)]).toEqual(['1m00s', '2m00s', '1h00m']);
  });
});
