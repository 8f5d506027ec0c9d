import type { Item, Manifest } from './schema.js';

/** A manifest before its items are written: `count` and `sha256` are computed by the writer. */
export type ManifestDraft = Omit<Manifest, 'count' | 'sha256'>;

export type BumpKind = 'major' | 'minor' | 'patch';

/**
 * The next semantic version. Pre-release and build suffixes are dropped, as `npm version` does:
 * a published golden set version is a plain `MAJOR.MINOR.PATCH`. `0.0.0` is the empty template
 * `golden init` writes, so its first real version is `1.0.0` whatever the kind.
 */
export function bumpVersion(version: string, kind: BumpKind): string {
  const match = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!match) throw new Error(`not a semantic version: ${version}`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (major === 0 && minor === 0 && patch === 0) return '1.0.0';
  if (kind === 'major') return `${major + 1}.0.0`;
  if (kind === 'minor') return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

export interface DeriveOptions {
  version: string;
  /** The changelog entry: what changed and why. */
  message: string;
  /** ISO timestamp of the new version; the changelog gets its date part. */
  now: string;
  /** Taxonomy or description changes brought by the new version. */
  changes?: Partial<Pick<Manifest, 'description' | 'labels' | 'positive' | 'categories' | 'policy_version' | 'strata' | 'source'>>;
  /** Drop the parent's strata (the items no longer come from that sampling design). */
  dropStrata?: boolean;
}

/**
 * The manifest of a version derived from `parent`: same taxonomy unless changed, `parent` set to
 * `name@version`, and the changelog extended, so the history travels with every version.
 */
export function deriveManifest(parent: Manifest, options: DeriveOptions): ManifestDraft {
  const { count: _count, sha256: _sha256, strata, ...rest } = parent;
  const draft: ManifestDraft = {
    ...rest,
    ...(strata === undefined || options.dropStrata === true ? {} : { strata }),
    ...options.changes,
    version: options.version,
    created_at: options.now,
    parent: `${parent.name}@${parent.version}`,
    changelog: [...parent.changelog, { version: options.version, date: options.now.slice(0, 10), message: options.message }],
  };
  return draft;
}

/**
 * An item with its keys in the schema's order and nothing undefined, so that what is written is
 * byte-stable and the sha256 of an unchanged set does not depend on how it was edited.
 */
export function canonicalItem(item: Item): Item {
  return {
    id: item.id,
    text: item.text,
    ...(item.fields === undefined ? {} : { fields: item.fields }),
    label: item.label,
    ...(item.category === undefined ? {} : { category: item.category }),
    ...(item.gray_area === undefined ? {} : { gray_area: item.gray_area }),
    ...(item.gray_reason === undefined ? {} : { gray_reason: item.gray_reason }),
    ...(item.reviews === undefined
      ? {}
      : { reviews: item.reviews.map((r) => ({ reviewer: r.reviewer, label: r.label, ...(r.group === undefined ? {} : { group: r.group }) })) }),
    ...(item.slices === undefined ? {} : { slices: item.slices }),
    ...(item.stratum === undefined ? {} : { stratum: item.stratum }),
    ...(item.weight === undefined ? {} : { weight: item.weight }),
    ...(item.notes === undefined ? {} : { notes: item.notes }),
  };
}

/** Append a line to an item's curator notes. */
export function appendNote(notes: string | undefined, line: string): string {
  return notes === undefined || notes === '' ? line : `${notes}\n${line}`;
}
