import { relative, resolve } from 'node:path';
import { packageRoot } from '../../adapters/package-root.js';
import { existingVersions, loadGoldenSet, resolveGoldenRef, type GoldenSet } from '../../adapters/stores/golden-store.js';
import { writeGoldenVersion, type WrittenVersion } from '../../adapters/stores/golden-writer.js';
import { bumpVersion, deriveManifest, type DeriveOptions, type ManifestDraft } from '../../domain/golden/bump.js';
import { diffGoldenSets, digestItem, type GoldenDiff } from '../../domain/golden/diff-golden.js';
import { SemverSchema, type Item, type Manifest } from '../../domain/golden/schema.js';
import { InputError } from '../../domain/problems.js';

/** Options every `golden` verb that reads a set takes. */
export interface RootOption {
  root: string;
}

/** Options of the verbs that write a new version. */
export interface WriteOptions extends RootOption {
  version?: string;
  major?: boolean;
  patch?: boolean;
  message?: string;
  dryRun?: boolean;
}

/** Where sets are looked up: the project's folder, then the sets shipped with spameval. */
export function goldenRoots(root: string): string[] {
  return [resolve(root), resolve(packageRoot(), 'golden-sets')];
}

export function resolveSet(ref: string, options: RootOption): string {
  return resolveGoldenRef(ref, goldenRoots(options.root));
}

export function loadSet(ref: string, options: RootOption): Promise<GoldenSet> {
  return loadGoldenSet(ref, goldenRoots(options.root));
}

/**
 * The time a new version is stamped with. `SOURCE_DATE_EPOCH` (the reproducible-builds
 * convention) pins it, so that a rebuilt version is byte-identical.
 */
export function nowIso(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const date = epoch !== undefined && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The version a derived set gets: `--version` as given, else the next minor (or `--major`,
 * `--patch`) after the parent, or after the set's highest version when it has no parent here.
 * A version that exists already is refused by the writer, never overwritten.
 */
export function chooseVersion(name: string, parentVersion: string | undefined, options: WriteOptions): string {
  if (options.major === true && options.patch === true) {
    throw new InputError({ field: '--major', message: '--major and --patch cannot be combined' });
  }
  if (options.version !== undefined) {
    if (options.major === true || options.patch === true) {
      throw new InputError({ field: '--version', message: '--version cannot be combined with --major or --patch' });
    }
    if (!SemverSchema.safeParse(options.version).success) {
      throw new InputError({ field: '--version', message: `'${options.version}' is not a semantic version`, hint: 'e.g. 1.1.0' });
    }
    return options.version;
  }
  const base = parentVersion ?? existingVersions(resolve(options.root), name)[0] ?? '0.0.0';
  return bumpVersion(base, options.major === true ? 'major' : options.patch === true ? 'patch' : 'minor');
}

export function deriveFrom(parent: Manifest, options: WriteOptions, defaults: Omit<DeriveOptions, 'version' | 'now'>): ManifestDraft {
  return deriveManifest(parent, {
    ...defaults,
    message: options.message ?? defaults.message,
    version: chooseVersion(parent.name, parent.version, options),
    now: nowIso(),
  });
}

function diffItems(before: { manifest: Manifest; items: readonly Item[] }, after: { manifest: Manifest; items: readonly Item[] }): GoldenDiff {
  const digest = (items: readonly Item[]): Map<string, ReturnType<typeof digestItem>> => new Map(items.map((item) => [item.id, digestItem(item)]));
  return diffGoldenSets({ manifest: before.manifest, items: digest(before.items) }, { manifest: after.manifest, items: digest(after.items) });
}

/** One line a reviewer can read: what the new version changes against its parent. */
function describeDiff(diff: GoldenDiff): string {
  const c = diff.counts;
  const parts = [
    `+${c.added} added`,
    `−${c.removed} removed`,
    `${c.relabeled} relabeled`,
    `${c.textChanged} text changed`,
    `${c.grayChanged} gray flag changed`,
  ];
  if (c.categoryChanged > 0) parts.push(`${c.categoryChanged} category changed`);
  return `${diff.from} → ${diff.to}: ${parts.join(', ')}`;
}

/** Write a derived version (unless --dry-run) and say what it is and what it changed. */
export function writeDerived(
  parent: GoldenSet | undefined,
  draft: ManifestDraft,
  items: readonly Item[],
  options: Pick<WriteOptions, 'dryRun' | 'root'>,
  out: NodeJS.WritableStream = process.stdout,
): WrittenVersion | undefined {
  const ref = `${draft.name}@${draft.version}`;
  const fakeManifest: Manifest = { ...draft, count: items.length, sha256: '0'.repeat(64) };
  const change = parent === undefined ? undefined : describeDiff(diffItems(parent, { manifest: fakeManifest, items }));
  if (options.dryRun === true) {
    out.write(`dry run: would write ${ref} (${items.length} items) to ${shortPath(resolve(options.root, draft.name, draft.version))}\n`);
    if (change !== undefined) out.write(`${change}\n`);
    return undefined;
  }
  const written = writeGoldenVersion(resolve(options.root), draft, items);
  out.write(
    `wrote ${ref} to ${shortPath(written.dir)}: ${written.manifest.count} items, sha256 ${written.manifest.sha256.slice(0, 12)}…` +
      `${draft.parent ? `, parent ${draft.parent}` : ''}\n`,
  );
  if (change !== undefined) out.write(`${change}\n`);
  return written;
}

/** A path relative to the working folder when it is inside it, for shorter messages. */
export function shortPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') ? rel : path;
}
