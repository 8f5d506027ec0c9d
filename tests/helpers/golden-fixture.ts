import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function tempDir(prefix = 'spameval-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface GoldenFixture {
  /** Manifest fields to override; `count` and `sha256` are computed unless given. */
  manifest?: Record<string, unknown>;
  /** Lines of items.jsonl: objects are serialised, strings written as they are (to break them). */
  lines: (Record<string, unknown> | string)[];
}

export const baseManifest = {
  name: 'fixture',
  version: '1.0.0',
  description: 'test set',
  labels: ['spam', 'not_spam'],
  positive: 'spam',
  categories: { scam: { description: 'scams' } },
  created_at: '2026-11-25T00:00:00Z',
};

/** Write `<root>/<name>/<version>/` with a consistent manifest unless the fixture overrides it. */
export function writeGoldenSet(root: string, fixture: GoldenFixture): string {
  const manifest = { ...baseManifest, ...fixture.manifest };
  const dir = join(root, String(manifest.name), String(manifest.version));
  mkdirSync(dir, { recursive: true });
  const items = fixture.lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  writeFileSync(join(dir, 'items.jsonl'), items);
  const full = {
    count: fixture.lines.length,
    sha256: createHash('sha256').update(items).digest('hex'),
    ...manifest,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(full, null, 2));
  return dir;
}
