import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonText } from '../../adapters/formats/json-text.js';
import { ITEMS_FILE, MANIFEST_FILE, scanItemsFile } from '../../adapters/stores/golden-store.js';
import type { DeriveOptions } from '../../domain/golden/bump.js';
import { checkManifest } from '../../domain/golden/check-items.js';
import { ManifestSchema, type Item, type Manifest } from '../../domain/golden/schema.js';
import { InputError } from '../../domain/problems.js';
import { zodProblems } from '../../domain/zod-problems.js';
import { EXIT, type ExitCode } from '../exit-codes.js';
import { deriveFrom, loadSet, writeDerived, type WriteOptions } from './golden-common.js';

export interface GoldenBumpOptions extends WriteOptions {
  message: string;
  from?: string;
}

/** The manifest fields a working copy may change; the rest is computed or inherited. */
type ManifestChanges = NonNullable<DeriveOptions['changes']>;

function readWorkingManifest(file: string, parent: Manifest): ManifestChanges {
  const parsed = parseJsonText(readFileSync(file, 'utf8'), file);
  if (!parsed.ok) throw new InputError(parsed.problem);
  const result = ManifestSchema.safeParse(parsed.value);
  if (!result.success) throw new InputError(zodProblems(result.error, { file }));
  const problems = checkManifest(result.data, file);
  if (result.data.name !== parent.name) {
    problems.push({ file, field: 'name', message: `'${result.data.name}' is not '${parent.name}'`, hint: 'a new set starts with golden init' });
  }
  if (problems.length > 0) throw new InputError(problems);
  const { description, labels, positive, categories, policy_version, strata, source } = result.data;
  return {
    description,
    labels,
    positive,
    ...(categories === undefined ? {} : { categories }),
    ...(policy_version === undefined ? {} : { policy_version }),
    ...(strata === undefined ? {} : { strata }),
    ...(source === undefined ? {} : { source }),
  };
}

/**
 * A new version from a curator's working copy: `--from` an edited items.jsonl, or a folder
 * holding one (and optionally an edited manifest.json for taxonomy or description changes).
 * Without --from, the parent's items are carried over (a version that records a policy change).
 */
export async function goldenBumpCommand(ref: string, options: GoldenBumpOptions): Promise<ExitCode> {
  if (options.message.trim() === '') {
    throw new InputError({ field: '--message', message: 'is empty', hint: 'say what changed and why: it is the changelog entry reviewers read' });
  }
  const parent = await loadSet(ref, options);
  let items: readonly Item[] = parent.items;
  let changes: ManifestChanges | undefined;
  if (options.from !== undefined) {
    const isFolder = existsSync(options.from) && statSync(options.from).isDirectory();
    const itemsFile = isFolder ? join(options.from, ITEMS_FILE) : options.from;
    const manifestFile = isFolder ? join(options.from, MANIFEST_FILE) : undefined;
    if (!existsSync(itemsFile)) throw new InputError({ file: itemsFile, message: 'file not found' });
    if (manifestFile !== undefined && existsSync(manifestFile)) changes = readWorkingManifest(manifestFile, parent.manifest);
    const checkAgainst: Manifest = { ...parent.manifest, ...changes };
    const scan = await scanItemsFile(itemsFile, checkAgainst);
    if (scan.problems.length > 0) {
      throw new InputError([...scan.problems, { message: `${itemsFile} has problems; nothing was written` }]);
    }
    items = scan.items;
  }
  const draft = deriveFrom(parent.manifest, options, { message: options.message, ...(changes === undefined ? {} : { changes }) });
  writeDerived(parent, draft, items, options);
  return EXIT.ok;
}
