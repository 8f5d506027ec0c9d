/**
 * Train the `builtin:naive-bayes` baseline on the corpus messages that are NOT in the shipped
 * golden set, and write models/naive-bayes-v1.json:
 *
 *   npx tsx scripts/train-baseline.ts            # write the model
 *   npx tsx scripts/train-baseline.ts --check    # exit 1 if the committed model differs
 *
 * Deterministic: training twice gives byte-identical files.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadCorpus } from './lib/corpus.js';
import { sha256Hex, type PreparedMessage } from './lib/partition-corpus.js';
import { trainShippedModel } from './lib/shipped-model.js';
import { partitionShipped } from './lib/spamassassin-sets.js';
import { serializeModel } from './lib/train-naive-bayes.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MODEL_PATH = join(REPO_ROOT, 'models', 'naive-bayes-v1.json');
const GOLDEN_ITEMS = join(REPO_ROOT, 'golden-sets', 'spamassassin-public', '1.0.0', 'items.jsonl');

/** Refuse to train on anything the shipped set holds, by id or by text. */
function assertDisjointFromShippedSet(training: readonly PreparedMessage[]): void {
  if (!existsSync(GOLDEN_ITEMS)) return;
  const shippedIds = new Set<string>();
  const shippedTexts = new Set<string>();
  for (const line of readFileSync(GOLDEN_ITEMS, 'utf8').split('\n')) {
    if (line === '') continue;
    const item: unknown = JSON.parse(line);
    if (typeof item === 'object' && item !== null && 'id' in item && 'text' in item) {
      if (typeof item.id === 'string') shippedIds.add(item.id);
      if (typeof item.text === 'string') shippedTexts.add(sha256Hex(item.text));
    }
  }
  const leaked = training.filter((message) => shippedIds.has(message.id) || shippedTexts.has(message.textHash));
  if (leaked.length > 0) {
    throw new Error(
      `${leaked.length} training messages are in the shipped golden set (e.g. ${leaked[0]?.id}): rebuild it first`,
    );
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { check: { type: 'boolean', default: false }, out: { type: 'string' } },
    strict: true,
  });
  const corpus = loadCorpus();
  const { training } = partitionShipped(corpus.messages);
  assertDisjointFromShippedSet(training);
  const model = trainShippedModel(training, corpus.packageVersion);
  const json = serializeModel(model);
  const outPath = values.out === undefined ? MODEL_PATH : resolve(values.out);
  if (values.check) {
    const same = existsSync(outPath) && readFileSync(outPath, 'utf8') === json;
    console.log(same ? `${outPath} is up to date` : `${outPath} differs from a fresh training run`);
    process.exitCode = same ? 0 : 1;
    return;
  }
  mkdirSync(dirname(outPath), { recursive: true });
  writeFileSync(outPath, json);
  console.log(
    `wrote ${outPath}: ${model.vocabulary.length} tokens, temperature ${model.hyperparameters.temperature}, ` +
      `${training.length} training messages (sha256 ${sha256Hex(json)})`,
  );
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
}
