/**
 * Write docs/report-schema.json, the JSON Schema of `spameval report --format json`, from the
 * zod schema that the code itself validates against (src/domain/report/report-schema.ts):
 *
 *   npx tsx scripts/write-report-schema.ts           # rewrite the file
 *   npx tsx scripts/write-report-schema.ts --check   # exit 1 if the committed file is stale
 *
 * tests/unit/report/report-schema.test.ts fails when the committed file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reportJsonSchemaText } from '../src/domain/report/report-json-schema.js';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const REPORT_SCHEMA_FILE = join(REPO_ROOT, 'docs', 'report-schema.json');

const text = reportJsonSchemaText();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(REPORT_SCHEMA_FILE, 'utf8');
  } catch {
    // a missing file is stale too
  }
  if (committed !== text) {
    process.stderr.write('docs/report-schema.json is stale: run `npx tsx scripts/write-report-schema.ts`\n');
    process.exit(1);
  }
} else {
  writeFileSync(REPORT_SCHEMA_FILE, text);
  process.stdout.write(`wrote ${REPORT_SCHEMA_FILE}\n`);
}
