#!/usr/bin/env node
/**
 * Second step of `npm run build`, after tsc has written dist/: bundles the CLI (dist/cli/entry.js
 * and everything it imports, dependencies included) into dist/bundle/, which bin/spameval.js runs.
 *
 * Why: Node 20 has no module compile cache, and a `spameval report` used to resolve, read and
 * compile ~700 files at start-up (434 for one @stdlib quantile alone) — ~0.2 s of every command,
 * half of a fully cached re-run of the benchmark's suite. One file per command (code splitting
 * keeps each command's modules lazily loaded, as `register/*.ts` intends) loads in a fraction of
 * that. The library entry point (dist/index.js) stays tsc's unbundled output; the tests import
 * src/ directly and spawn bin/spameval.js, i.e. this bundle.
 *
 *   node scripts/bundle-cli.mjs        (run by `npm run build` and by the tests' global setup)
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const entry = join(root, 'dist', 'cli', 'entry.js');
const outdir = join(root, 'dist', 'bundle');
if (!existsSync(entry)) {
  console.error('bundle-cli: dist/cli/entry.js is missing; run tsc first (`npm run build` does both)');
  process.exit(2);
}

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { spameval: entry },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // ESM builds first: jsonc-parser's `main` is a UMD file whose inner requires a bundler cannot follow
  mainFields: ['module', 'main'],
  // CommonJS dependencies (commander, @stdlib, …) call require() for Node built-ins
  banner: { js: "import { createRequire as __spamevalCreateRequire } from 'node:module'; const require = __spamevalCreateRequire(import.meta.url);" },
  // no keepNames: it wraps every function expression in a __name() call, which cost a 1M-row
  // report ~0.5 s (closures made per line); the chunk file names and line numbers still locate a frame
  logLevel: 'warning',
});
