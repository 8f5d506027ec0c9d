/**
 * Write docs/diff-schema.json, the JSON Schema of `spameval diff --format json`, from the zod
 * schema the code builds diffs against (src/domain/diff/diff-schema.ts):
 *
 *   npx tsx scripts/write-diff-schema.ts
 *
 * tests/unit/diff/render-diff.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffJsonSchemaText } from '../src/domain/diff/diff-schema.js';

const file = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'docs', 'diff-schema.json');
writeFileSync(file, diffJsonSchemaText());
process.stdout.write(`wrote ${file}\n`);
