/**
 * Rebuild the shipped golden set from the SpamAssassin corpus package:
 *
 *   npx tsx scripts/build-golden-set.ts                      # golden-sets/spamassassin-public/1.0.0/
 *   npx tsx scripts/build-golden-set.ts --check              # exit 1 if the committed files differ
 *   npx tsx scripts/build-golden-set.ts --full --out <dir>   # all 6,046 messages, for benchmarks
 *   npx tsx scripts/build-golden-set.ts --limit 20 --out <dir>  # first 20 messages per group (tests)
 *
 * Deterministic: the same package version gives the same bytes on every run.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { GROUP_NAMES, loadCorpus, type CorpusMessage } from './lib/corpus.js';
import { buildFullSet, buildShippedSet, partitionShipped } from './lib/spamassassin-sets.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SHIPPED_DIR = join(REPO_ROOT, 'golden-sets', 'spamassassin-public', '1.0.0');
function firstOfEachGroup(messages: readonly CorpusMessage[], limit: number): CorpusMessage[] {
  return GROUP_NAMES.flatMap((group) => messages.filter((message) => message.group === group).slice(0, limit));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      full: { type: 'boolean', default: false },
      limit: { type: 'string' },
      check: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) {
    throw new Error(`--limit must be a positive integer, got ${values.limit}`);
  }
  if (values.full && values.out === undefined) {
    throw new Error('--full needs --out <dir>: the full set is not committed');
  }
  const corpus = loadCorpus();
  const messages = limit === undefined ? corpus.messages : firstOfEachGroup(corpus.messages, limit);
  const files = values.full
    ? buildFullSet(messages, corpus.packageVersion)
    : buildShippedSet(partitionShipped(messages), corpus.packageVersion);
  const outDir = values.out === undefined ? SHIPPED_DIR : resolve(values.out);

  if (values.check) {
    const same =
      readFileSync(join(outDir, 'items.jsonl'), 'utf8') === files.itemsJsonl &&
      readFileSync(join(outDir, 'manifest.json'), 'utf8') === files.manifestJson;
    console.log(same ? `${outDir} is up to date` : `${outDir} differs from a fresh build: run without --check`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'items.jsonl'), files.itemsJsonl);
  writeFileSync(join(outDir, 'manifest.json'), files.manifestJson);
  console.log(`wrote ${files.count} items to ${outDir} (items.jsonl sha256 ${files.sha256})`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
