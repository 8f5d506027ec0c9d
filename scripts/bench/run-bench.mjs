#!/usr/bin/env node
/**
 * `npm run bench` (after `npm run build`): how close the runner gets to the network-bound ideal.
 *
 * Sends every item of the full SpamAssassin golden set (6,046 messages, written by
 * scripts/build-golden-set.ts --full) through an `openai` candidate at concurrency 64 to the
 * test suite's mock OpenAI-compatible server answering in 50 ms. The server runs in a process of
 * its own, so its CPU is not counted as ours; only 127.0.0.1 is used. The ideal is
 * items × latency ÷ concurrency = 6,046 × 50 ms ÷ 64 = 4.72 s.
 *
 * Three runs of the built CLI: --no-cache (the network), cold (response cache empty, so it is
 * filled as the run goes), cached (an unchanged re-run: no request should reach the server). For each: wall
 * time of the whole command, the runner's own time (run.json `elapsed_seconds`: from the first
 * call to the last record), their ratios to the ideal and to the floor (the same requests from a
 * bare node:http loop, measured in the same minute: on a busy machine the ideal is out of reach
 * for anyone, and the floor says how far), peak RSS and CPU time of the CLI process.
 * Results are printed and written to bench-results/ (gitignored).
 *
 * Options: --items N (first N items only), --latency MS, --concurrency C, --synthetic (generated
 * items instead of the corpus).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const RESULTS = join(ROOT, 'bench-results');
const RUN_TIMEOUT_MS = 180_000;

const { values } = parseArgs({
  options: {
    items: { type: 'string' },
    latency: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '64' },
    synthetic: { type: 'boolean', default: false },
  },
  strict: true,
});
const latencyMs = Number(values.latency);
const concurrency = Number(values.concurrency);

if (!existsSync(join(ROOT, 'dist', 'cli', 'entry.js'))) {
  console.error('bench: dist/ is missing; run `npm run build` first');
  process.exit(2);
}
mkdirSync(RESULTS, { recursive: true });

/** The full corpus set, built once and kept in bench-results/ (it is deterministic). */
function fullGoldenSet() {
  const dir = join(RESULTS, 'golden-full');
  if (!existsSync(join(dir, 'manifest.json'))) {
    console.log('bench: building the full SpamAssassin golden set (once)…');
    const built = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/build-golden-set.ts'), '--full', '--out', dir], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('building the full golden set failed');
  }
  return dir;
}

/** A golden set folder of synthetic mails, for when the corpus is not wanted. */
function syntheticGoldenSet(dir, count) {
  const lines = [];
  for (let index = 0; index < count; index += 1) {
    const spam = index % 3 === 0;
    const body = spam ? 'Click here to win a free prize, limited offer, buy now.' : 'Hi team, notes from the meeting are attached.';
    lines.push(JSON.stringify({ id: `s${index}`, text: `Subject: message ${index}\n\n${body} ${'lorem ipsum '.repeat(40)}`, label: spam ? 'spam' : 'not_spam' }));
  }
  return writeGoldenSet(dir, 'bench-synthetic', lines);
}

function writeGoldenSet(dir, name, lines) {
  mkdirSync(dir, { recursive: true });
  const items = `${lines.join('\n')}\n`;
  writeFileSync(join(dir, 'items.jsonl'), items);
  const manifest = {
    schema_version: 1,
    name,
    version: '1.0.0',
    description: 'benchmark items',
    labels: ['spam', 'not_spam'],
    positive: 'spam',
    created_at: new Date(0).toISOString(),
    count: lines.length,
    sha256: createHash('sha256').update(items).digest('hex'),
  };
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** The first `count` items of a set, as a set of their own (for quick runs). */
function truncatedGoldenSet(source, dir, count) {
  const manifest = JSON.parse(readFileSync(join(source, 'manifest.json'), 'utf8'));
  const lines = readFileSync(join(source, 'items.jsonl'), 'utf8').split('\n').filter((line) => line !== '').slice(0, count);
  return writeGoldenSet(dir, manifest.name, lines);
}

function startServer() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/bench/serve-mock.ts'), '--latency', String(latencyMs)], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let output = '';
  const ready = new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error('mock server did not start within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      output += chunk.toString();
      const match = /READY (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveReady(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`mock server exited (${code})`)));
  });
  const stop = () =>
    new Promise((resolveStop) => {
      child.on('exit', () => {
        const stats = /STATS (\{.*\})/.exec(output);
        resolveStop(stats ? JSON.parse(stats[1]) : { requests: NaN });
      });
      child.stdin.end();
    });
  return { ready, stop, requestsSoFar: () => [...output.matchAll(/STATS (\{.*\})/g)].length };
}

function runCli(workdir, args) {
  const usageFile = join(workdir, `usage-${Date.now()}.json`);
  const started = process.hrtime.bigint();
  const result = spawnSync(
    process.execPath,
    ['--import', join(ROOT, 'scripts/bench/report-usage.mjs'), join(ROOT, 'bin/spameval.js'), ...args],
    {
      cwd: workdir,
      env: { ...process.env, NO_COLOR: '1', CI: 'true', SPAMEVAL_BENCH_USAGE: usageFile, BENCH_OPENAI_KEY: 'sk-bench-local' },
      encoding: 'utf8',
      timeout: RUN_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`spameval ${args.join(' ')} exited ${result.status}\n${result.stderr}`);
  const usage = JSON.parse(readFileSync(usageFile, 'utf8'));
  return { wallSeconds, usage, stdout: result.stdout };
}

function latestRun(runsDir) {
  const result = spawnSync('ls', ['-1t', runsDir], { encoding: 'utf8' });
  const newest = result.stdout.split('\n')[0];
  return JSON.parse(readFileSync(join(runsDir, newest, 'run.json'), 'utf8'));
}

const work = mkdtempSync(join(tmpdir(), 'spameval-bench-'));
const server = startServer();
try {
  let golden = values.synthetic ? syntheticGoldenSet(join(work, 'golden'), 6046) : fullGoldenSet();
  if (values.items !== undefined) golden = truncatedGoldenSet(golden, join(work, 'golden-part'), Number(values.items));
  const manifest = JSON.parse(readFileSync(join(golden, 'manifest.json'), 'utf8'));
  const items = manifest.count;
  const idealSeconds = (items * latencyMs) / 1000 / concurrency;

  const baseURL = await server.ready;
  copyFileSync(join(ROOT, 'examples/openai/prompt.md'), join(work, 'prompt.md'));
  copyFileSync(join(ROOT, 'examples/openai/guidelines.md'), join(work, 'guidelines.md'));
  writeFileSync(
    join(work, 'suite.yaml'),
    `name: bench
golden_set: ${JSON.stringify(golden)}
runs_dir: runs
error_budget: 0
candidates:
  - id: bench-openai
    type: openai
    model: mock-model
    base_url: ${baseURL}
    api_key_env: BENCH_OPENAI_KEY
    prompt: prompt.md
    guidelines: guidelines.md
    concurrency: ${concurrency}
    timeout_ms: 30000
    price: { input_per_million: 0.15, output_per_million: 0.6 }
`,
  );

  // the floor: a bare node:http loop, same requests and concurrency, same server, same machine now
  const textBytes = Math.round(
    readFileSync(join(golden, 'items.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .reduce((sum, line) => sum + JSON.parse(line).text.length, 0) / items,
  );
  const floorRun = spawnSync(
    process.execPath,
    [join(ROOT, 'scripts/bench/raw-floor.mjs'), baseURL, String(items), String(concurrency), String(textBytes + 2000)],
    { encoding: 'utf8', timeout: RUN_TIMEOUT_MS },
  );
  if (floorRun.status !== 0) throw new Error(`raw floor loop failed: ${floorRun.stderr}`);
  const floor = JSON.parse(floorRun.stdout);

  const runs = [];
  // --no-cache first: it leaves the cache empty for the cold run, and any warm-up of the server
  // process (JIT) then counts against it rather than against the cache's cost
  for (const [name, extra] of [
    ['--no-cache', ['--no-cache']],
    ['cold (fills the cache)', []],
    ['cached re-run', []],
  ]) {
    const measured = runCli(work, ['run', '-c', 'suite.yaml', '--quiet', ...extra]);
    const meta = latestRun(join(work, 'runs'));
    if (meta.counts.done !== items || meta.counts.errors !== 0) {
      throw new Error(`${name}: ${meta.counts.done}/${items} done, ${meta.counts.errors} errors`);
    }
    runs.push({
      name,
      wallSeconds: round(measured.wallSeconds),
      runnerSeconds: round(meta.elapsed_seconds),
      wallRatio: round(measured.wallSeconds / idealSeconds),
      runnerRatio: round(meta.elapsed_seconds / idealSeconds),
      runnerToFloor: round(meta.elapsed_seconds / floor.seconds),
      peakRssMb: round(measured.usage.maxRssKb / 1024),
      cpuSeconds: round((measured.usage.userMs + measured.usage.systemMs) / 1000),
      cached: meta.counts.cached,
    });
  }
  const stats = await server.stop();
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: (await import('node:os')).cpus().length,
    golden: { name: manifest.name, items },
    latencyMs,
    concurrency,
    idealSeconds: round(idealSeconds),
    floor: { seconds: round(floor.seconds), ratio: round(floor.seconds / idealSeconds), cpuSeconds: round(floor.cpuSeconds) },
    loadAverage: (await import('node:os')).loadavg().map(round),
    serverRequests: stats.requests,
    runs,
  };

  console.log(`\nspameval bench: ${items} items, ${latencyMs} ms latency, concurrency ${concurrency}; ideal ${round(idealSeconds)} s`);
  console.log(
    `floor (bare node:http loop, same server and machine): ${result.floor.seconds} s = ${result.floor.ratio}× ideal; load average ${result.loadAverage.join(' ')}`,
  );
  console.log('run                      wall s  ×ideal  runner s  ×ideal  ×floor  peak RSS MB  CPU s  cached');
  for (const run of runs) {
    const cells = [
      run.name.padEnd(24),
      String(run.wallSeconds).padStart(6),
      String(run.wallRatio).padStart(6),
      String(run.runnerSeconds).padStart(8),
      String(run.runnerRatio).padStart(6),
      String(run.runnerToFloor).padStart(6),
      String(run.peakRssMb).padStart(11),
      String(run.cpuSeconds).padStart(5),
      String(run.cached).padStart(6),
    ];
    console.log(cells.join('  '));
  }
  console.log(`requests the server saw: ${stats.requests} (floor ${items} + two network runs ≤ ${2 * items}: the cached re-run sends none)`);
  const file = join(RESULTS, `bench-${result.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(`written to ${file}`);
} finally {
  await Promise.race([server.stop(), new Promise((done) => setTimeout(done, 5000))]);
  rmSync(work, { recursive: true, force: true });
}

function round(value) {
  return Math.round(value * 100) / 100;
}
