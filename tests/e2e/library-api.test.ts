import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyFixture, repoRoot } from '../helpers/cli.js';

// The package's public entry point as a user imports it: the built dist/index.js.
const api: typeof import('../../src/index.js') = await import(pathToFileURL(join(repoRoot, 'dist', 'index.js')).href);

describe('library API (dist/index.js)', () => {
  it('runs a suite, reloads the run and builds a valid report without printing anything', async () => {
    const cwd = copyFixture('tiny-suite');
    const chunks: string[] = [];
    const result = await api.runSuite({
      config: join(cwd, 'spameval.config.yaml'),
      cache: false,
      progress: 'quiet',
      progressStream: new Writable({
        write(chunk: Buffer, _encoding, done) {
          chunks.push(chunk.toString());
          done();
        },
      }),
    });
    expect(chunks).toEqual([]);
    const [run] = result.runs;
    if (!run) throw new Error('no run');
    expect(run.outcome).toBe('complete');

    const loaded = await api.loadRun(run.dir);
    expect(loaded.records).toHaveLength(6);
    const golden = await api.loadGoldenSet(join(cwd, 'golden-sets', 'tiny', '1.0.0'), []);
    const report = api.buildReport(golden, loaded, { toolVersion: 'test', generatedAt: null });
    expect(api.ReportSchema.parse(report)).toEqual(report);
    expect(report.metrics.coverage).toBe(1);
    expect(api.lookupMetric(report, 'precision')).toEqual({ value: report.metrics.precision });
    expect(api.lookupMetric(report, 'no_such_metric')).toBeUndefined();
    expect(api.renderMarkdown(report)).toContain('precision');
    // the columnar path the CLI takes gives the same report
    const frame = await api.loadReportFrame(run.dir, [join(cwd, 'golden-sets')]);
    expect(frame.rows).toBe(6);
    expect(api.buildReportFromFrame(frame, { toolVersion: 'test', generatedAt: null })).toEqual(report);
    expect(api.buildReportFromFrame(api.frameFromObjects(golden, loaded), { toolVersion: 'test', generatedAt: null })).toEqual(report);
  });

  it('exposes the statistics on their own', () => {
    const interval = api.metrics.wilsonInterval(81, 263, 0.95);
    // Newcombe (1998), Table II: 81/263 Wilson (0.2553, 0.3662)
    expect(interval.low).toBeCloseTo(0.2553, 4);
    expect(interval.high).toBeCloseTo(0.3662, 4);
  });

  it('reports bad input as InputError with its problems', async () => {
    await expect(api.loadGoldenSet('no-such-set', [repoRoot])).rejects.toBeInstanceOf(api.InputError);
  });
});
