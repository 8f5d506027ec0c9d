import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding spameval's package.json, found by walking up from this module: the same
 * answer from `src/…` under vitest, `dist/…` after a build, and `node_modules/spameval/dist/…`
 * when installed, so files shipped in the package (models/, golden-sets/) resolve everywhere.
 */
export function findPackageRoot(from: string = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isSpameval(readFileSync(manifest, 'utf8'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find spameval's package.json above ${from}`);
    dir = parent;
  }
}

function isSpameval(json: string): boolean {
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && 'name' in parsed && parsed.name === 'spameval';
  } catch {
    return false;
  }
}
