import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import semver from 'semver';
import { checkManifest, ItemChecker } from '../../domain/golden/check-items.js';
import { ItemSchema, ManifestSchema, type Item, type Manifest } from '../../domain/golden/schema.js';
import { InputError, type Problem } from '../../domain/problems.js';
import { zodProblems } from '../../domain/zod-problems.js';
import { parseJsonText } from '../formats/json-text.js';
import { readJsonlBatches } from '../formats/jsonl-reader.js';

export interface GoldenSet {
  manifest: Manifest;
  items: Item[];
  /** The folder the version was loaded from. */
  dir: string;
  /** `name@version`. */
  ref: string;
}

export const MANIFEST_FILE = 'manifest.json';
export const ITEMS_FILE = 'items.jsonl';

/**
 * Find a golden set version folder from `name@version`, `name` (highest semver) or a folder
 * path. `roots` are searched in order (the project's `golden-sets/`, then the sets shipped in the
 * package), so the demo works from any directory.
 */
export function resolveGoldenRef(ref: string, roots: readonly string[]): string {
  const asPath = resolve(ref);
  if (existsSync(join(asPath, MANIFEST_FILE))) return asPath;

  const at = ref.lastIndexOf('@');
  const name = at > 0 ? ref.slice(0, at) : ref;
  const version = at > 0 ? ref.slice(at + 1) : undefined;
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw new InputError({ message: `'${ref}' is neither a golden set folder nor a name[@version]` });
  }
  const searched: string[] = [];
  for (const root of roots) {
    const setDir = join(root, name);
    searched.push(setDir);
    if (!existsSync(setDir) || !statSync(setDir).isDirectory()) continue;
    const versions = existingVersions(root, name);
    if (version !== undefined) {
      if (versions.includes(version)) return join(setDir, version);
      throw new InputError({
        message: `golden set '${name}' has no version ${version}`,
        hint: versions.length > 0 ? `available: ${[...versions].reverse().join(', ')}` : `no versions in ${setDir}`,
      });
    }
    const highest = versions[0];
    if (highest !== undefined) return join(setDir, highest);
  }
  throw new InputError({
    message: `golden set '${ref}' not found`,
    hint: `looked in ${searched.join(', ')}; create one with \`spameval golden init ${name}\``,
  });
}

/** The versions of a set already in `root`, highest first. */
export function existingVersions(root: string, name: string): string[] {
  const setDir = join(root, name);
  if (!existsSync(setDir)) return [];
  return readdirSync(setDir)
    .filter((entry) => semver.valid(entry) !== null && existsSync(join(setDir, entry, MANIFEST_FILE)))
    .sort(semver.rcompare);
}

export async function loadManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new InputError({ file, message: 'cannot read the manifest' });
  }
  const parsed = parseJsonText(text, file);
  if (!parsed.ok) throw new InputError(parsed.problem);
  const result = ManifestSchema.safeParse(parsed.value);
  if (!result.success) throw new InputError(zodProblems(result.error, { file }));
  const problems = checkManifest(result.data, file);
  if (problems.length > 0) throw new InputError(problems);
  return result.data;
}

export interface ScanOptions {
  /** Called with each valid item, in file order; lets a caller stream without keeping items. */
  onItem?: (item: Item, line: number) => void;
  /** Keep the items in memory (default true). */
  keepItems?: boolean;
  /** Stop collecting problems after this many (default 200); the scan still completes. */
  maxProblems?: number;
}

export interface ScanResult {
  manifest: Manifest;
  items: Item[];
  problems: Problem[];
  count: number;
  sha256: string;
}

/** Read and check a version folder, collecting every problem instead of stopping at the first. */
export async function scanGoldenSet(dir: string, options: ScanOptions = {}): Promise<ScanResult> {
  return scanVersion(dir, await loadManifest(dir), options);
}

/** `scanGoldenSet` for a caller that has already loaded the version's manifest with `loadManifest`. */
export async function scanVersion(dir: string, manifest: Manifest, options: ScanOptions = {}): Promise<ScanResult> {
  const file = join(dir, ITEMS_FILE);
  if (!existsSync(file)) throw new InputError({ file, message: 'items file is missing' });
  const scan = await scanItemsFile(file, manifest, options);
  const finish = scan.checker.finish(scan.count, scan.sha256, join(dir, MANIFEST_FILE));
  const problems = [...scan.problems, ...finish].slice(0, options.maxProblems ?? 200);
  return { manifest, items: scan.items, problems, count: scan.count, sha256: scan.sha256 };
}

/**
 * Stream an items file and check every item against a manifest's taxonomy (not its count and
 * sha256: `checker.finish` does that). Also reads a curator's edited working copy, which has no
 * manifest of its own yet.
 */
export async function scanItemsFile(
  file: string,
  manifest: Manifest,
  options: ScanOptions = {},
): Promise<Omit<ScanResult, 'manifest'> & { checker: ItemChecker }> {
  const keep = options.keepItems ?? true;
  const maxProblems = options.maxProblems ?? 200;
  const checker = new ItemChecker(manifest, file);
  const items: Item[] = [];
  const problems: Problem[] = [];
  let summary = { sha256: '', lines: 0 };
  const report = (found: readonly Problem[]): void => {
    for (const problem of found) if (problems.length < maxProblems) problems.push(problem);
  };
  for await (const batch of readJsonlBatches(file, (done) => (summary = done))) {
    for (const { line, text } of batch) {
      const parsed = parseJsonText(text, file, line);
      if (!parsed.ok) {
        report([parsed.problem]);
        continue;
      }
      const result = ItemSchema.safeParse(parsed.value);
      if (!result.success) {
        report(zodProblems(result.error, { file, line }));
        continue;
      }
      const found = checker.check(result.data, line);
      report(found);
      if (found.length > 0) continue;
      if (keep) items.push(result.data);
      options.onItem?.(result.data, line);
    }
  }
  return { items, problems, count: summary.lines, sha256: summary.sha256, checker };
}

/** Load a golden set for use; any problem at all is an `InputError` (exit 2). */
export async function loadGoldenSet(ref: string, roots: readonly string[]): Promise<GoldenSet> {
  const dir = resolveGoldenRef(ref, roots);
  const scan = await scanGoldenSet(dir);
  if (scan.problems.length > 0) throw new InputError(scan.problems);
  return { manifest: scan.manifest, items: scan.items, dir, ref: `${scan.manifest.name}@${scan.manifest.version}` };
}
