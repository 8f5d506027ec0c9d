#!/usr/bin/env node
/**
 * Time the pure report build alone (`npm run build` first):
 *
 *   node --expose-gc scripts/bench/report-build-bench.mjs <run folder> [--rounds 3]
 *
 * Loads the run and its golden set with the usual loaders, joins them once into a report frame
 * (`frameFromObjects`), then times `buildReportFromFrame` — every statistic of the report, no
 * I/O — `--rounds` times and prints each time and the best (wall and process CPU), with a full
 * garbage collection before each round when node runs with --expose-gc. `buildReport` (the join
 * included) is timed the same way. A run folder of any size will do; for the 1M figure of
 * issue 4: `node scripts/bench/report-bench.mjs --sizes 1000000 --keep`, then its
 * `runs/bench-1000000`.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (path) => pathToFileURL(join(ROOT, 'dist', path)).href;
if (!existsSync(join(ROOT, 'dist', 'domain', 'report', 'build-report.js'))) {
  console.error('report-build-bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
const { values, positionals } = parseArgs({ options: { rounds: { type: 'string', default: '3' } }, allowPositionals: true, strict: true });
const rounds = Number(values.rounds);
if (positionals.length !== 1 || !Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: node --expose-gc scripts/bench/report-build-bench.mjs <run folder> [--rounds 3]');
  process.exit(2);
}

const { loadRunWithGolden } = await import(dist('app/load-run-with-golden.js'));
const { buildReport, buildReportFromFrame } = await import(dist('domain/report/build-report.js'));
const { frameFromObjects } = await import(dist('domain/report/frame-from-objects.js'));

const { golden, run } = await loadRunWithGolden(resolve(positionals[0]));
const frame = frameFromObjects(golden, run);
const options = { toolVersion: 'bench', generatedAt: null };

function time(label, build) {
  const walls = [];
  const cpus = [];
  for (let k = 0; k < rounds; k++) {
    globalThis.gc?.();
    const cpu = process.cpuUsage();
    const started = process.hrtime.bigint();
    build();
    walls.push(Number(process.hrtime.bigint() - started) / 1e9);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1e6);
  }
  const list = (xs) => xs.map((x) => x.toFixed(3)).join(', ');
  console.log(`${label}: best ${Math.min(...walls).toFixed(3)} s wall (${list(walls)}); CPU ${list(cpus)} s`);
}

console.log(`report-build-bench: ${frame.rows.toLocaleString('en')} rows, node ${process.version}${globalThis.gc ? '' : ' (no --expose-gc: no collection between rounds)'}`);
time('buildReportFromFrame', () => buildReportFromFrame(frame, options));
time('buildReport (frameFromObjects + buildReportFromFrame)', () => buildReport(golden, run, options));
