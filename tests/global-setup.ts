import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Build the CLI once before the end-to-end tests spawn it (tsc, then the bundle bin/spameval.js runs). Type errors do not stop the emit here
 * (`npm test` type-checks separately and fails on them); a missing entry point does.
 */
export default function setup(): void {
  const root = fileURLToPath(new URL('..', import.meta.url));
  try {
    // flock: several test runs in one checkout must not write dist/ at the same time
    execFileSync('flock', [join(root, 'node_modules', '.spameval-build.lock'), 'npx', 'tsc', '-p', 'tsconfig.build.json'], {
      cwd: root,
      stdio: 'pipe',
    });
  } catch {
    // reported by `npm run typecheck`; the emitted JavaScript is still usable for the tests
  }
  if (!existsSync(join(root, 'dist', 'cli', 'entry.js'))) {
    throw new Error('build failed: dist/cli/entry.js was not written (run `npm run build` to see why)');
  }
  // bin/spameval.js runs the bundle of that output (scripts/bundle-cli.mjs), under the same lock
  execFileSync('flock', [join(root, 'node_modules', '.spameval-build.lock'), process.execPath, join(root, 'scripts', 'bundle-cli.mjs')], {
    cwd: root,
    stdio: 'pipe',
  });
}
