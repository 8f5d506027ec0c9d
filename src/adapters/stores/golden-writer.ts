import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { canonicalItem, type ManifestDraft } from '../../domain/golden/bump.js';
import { checkManifest, ItemChecker } from '../../domain/golden/check-items.js';
import { ManifestSchema, type Item, type Manifest } from '../../domain/golden/schema.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { zodProblems } from '../../domain/zod-problems.js';
import { existingVersions, ITEMS_FILE, MANIFEST_FILE } from './golden-store.js';

/**
 * Writes a new golden set version folder, `<root>/<name>/<version>/`, and nothing else:
 * items.jsonl (one canonical item per line) and manifest.json with the count and sha256 of
 * the bytes just written. Everything goes to a hidden temporary folder beside it first and is
 * renamed into place only when every item passed the set's checks, so a failed or interrupted
 * write leaves no version behind, and an existing version is never touched.
 */

export interface WrittenVersion {
  dir: string;
  manifest: Manifest;
}

function versionDir(root: string, name: string, version: string): string {
  return resolve(root, name, version);
}

function existing(dir: string): string {
  const versions = existingVersions(resolve(dir, '..', '..'), basename(resolve(dir, '..')));
  return versions.length > 0 ? `; existing: ${versions.join(', ')}` : '';
}

function refuseExisting(dir: string, draft: ManifestDraft): void {
  if (existsSync(dir)) {
    throw new InputError({
      message: `${draft.name}@${draft.version} already exists in ${dir}`,
      hint: `a published version is never rewritten: choose another --version${existing(dir)}`,
    });
  }
}

export function writeGoldenVersion(root: string, draft: ManifestDraft, items: Iterable<Item>): WrittenVersion {
  const draftCheck = ManifestSchema.safeParse({ ...draft, count: 0, sha256: '0'.repeat(64) });
  if (!draftCheck.success) throw new InputError(zodProblems(draftCheck.error, { file: MANIFEST_FILE }));
  const manifestProblems = checkManifest(draftCheck.data, MANIFEST_FILE);
  if (manifestProblems.length > 0) throw new InputError(manifestProblems);

  const dir = versionDir(root, draft.name, draft.version);
  refuseExisting(dir, draft);
  const setDir = resolve(root, draft.name);
  mkdirSync(setDir, { recursive: true });
  const temp = join(setDir, `.${draft.version}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp);
  try {
    const itemsFile = join(temp, ITEMS_FILE);
    const checker = new ItemChecker(draftCheck.data, `${draft.name}@${draft.version}/${ITEMS_FILE}`);
    const problems: Problem[] = [];
    const hash = createHash('sha256');
    let count = 0;
    const fd = openSync(itemsFile, 'w');
    try {
      // buffered: one write per ~1 MiB rather than per item
      let buffer = '';
      for (const item of items) {
        count += 1;
        problems.push(...checker.check(item, count));
        const line = `${JSON.stringify(canonicalItem(item))}\n`;
        hash.update(line);
        buffer += line;
        if (buffer.length > 1 << 20) {
          writeSync(fd, buffer);
          buffer = '';
        }
      }
      if (buffer !== '') writeSync(fd, buffer);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const sha256 = hash.digest('hex');
    // count and sha256 are computed here; the set-level rules left are the strata's sample sizes
    problems.push(...checker.finish(count, sha256, MANIFEST_FILE).filter((p) => p.field !== 'count' && p.field !== 'sha256'));
    if (problems.length > 0) throw new InputError(problems);
    const manifest: Manifest = { ...draftCheck.data, count, sha256 };
    const manifestFd = openSync(join(temp, MANIFEST_FILE), 'w');
    try {
      writeSync(manifestFd, `${JSON.stringify(orderManifest(manifest), null, 2)}\n`);
      fsyncSync(manifestFd);
    } finally {
      closeSync(manifestFd);
    }
    refuseExisting(dir, draft);
    renameSync(temp, dir);
    return { dir, manifest };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** The manifest's keys in the order of the schema, so manifests diff cleanly in a review. */
function orderManifest(manifest: Manifest): Manifest {
  const { schema_version, name, version, description, labels, positive, categories, policy_version, created_at, parent, changelog, count, sha256, strata, source } = manifest;
  return {
    schema_version,
    name,
    version,
    description,
    labels,
    positive,
    ...(categories === undefined ? {} : { categories }),
    ...(policy_version === undefined ? {} : { policy_version }),
    created_at,
    ...(parent === undefined ? {} : { parent }),
    changelog,
    count,
    sha256,
    ...(strata === undefined ? {} : { strata }),
    ...(source === undefined ? {} : { source }),
  };
}
