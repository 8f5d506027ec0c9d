import { hash53 } from './normalize-text.js';
import type { Item, Manifest } from './schema.js';

/**
 * What changed between two versions of a golden set, item by item (matched on `id`), so that a
 * curator's new version can be reviewed like a code change. Items are reduced to a digest while
 * they stream past, so two large versions can be compared without holding their texts.
 */

export interface ItemDigest {
  label: string;
  category: string | null;
  gray: boolean;
  /** Hash of the exact text (not normalised: any edit to the content counts). */
  textHash: number;
  /** The first characters of the text, for a reviewer to recognise the item. */
  snippet: string;
  reviews: number;
  weight: number | null;
}

const SNIPPET_LENGTH = 80;

export function digestItem(item: Item): ItemDigest {
  const flat = item.text.replace(/\s+/g, ' ').trim();
  return {
    label: item.label,
    category: item.category ?? null,
    gray: item.gray_area === true,
    textHash: hash53(item.text),
    snippet: flat.length > SNIPPET_LENGTH ? `${flat.slice(0, SNIPPET_LENGTH - 1)}…` : flat,
    reviews: item.reviews?.length ?? 0,
    weight: item.weight ?? null,
  };
}

export interface DiffSide {
  manifest: Manifest;
  items: ReadonlyMap<string, ItemDigest>;
}

export interface ItemRef {
  id: string;
  label: string;
  snippet: string;
}

export interface GoldenDiff {
  from: string;
  to: string;
  counts: {
    from: number;
    to: number;
    added: number;
    removed: number;
    relabeled: number;
    textChanged: number;
    grayChanged: number;
    categoryChanged: number;
    reviewsChanged: number;
    weightChanged: number;
    unchanged: number;
  };
  /** Gold label transitions among items in both versions: from → to → count. */
  labelTransitions: { from: string; to: string; count: number }[];
  added: (ItemRef & { category: string | null; gray: boolean })[];
  removed: (ItemRef & { category: string | null; gray: boolean })[];
  relabeled: (ItemRef & { from: string; to: string })[];
  textChanged: ItemRef[];
  grayChanged: (ItemRef & { from: boolean; to: boolean })[];
  categoryChanged: (ItemRef & { from: string | null; to: string | null })[];
  manifest: ManifestChange[];
}

export interface ManifestChange {
  field: string;
  from: unknown;
  to: unknown;
}

/** Manifest fields whose change matters to a reviewer (not the computed ones). */
const COMPARED_FIELDS = ['description', 'labels', 'positive', 'policy_version'] as const;
/** Keyed manifest fields, compared key by key so that one new category is one line. */
const KEYED_FIELDS = ['categories', 'strata'] as const;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function manifestChanges(a: Manifest, b: Manifest): ManifestChange[] {
  const changes: ManifestChange[] = COMPARED_FIELDS.filter((field) => !sameJson(a[field], b[field])).map((field) => ({
    field,
    from: a[field] ?? null,
    to: b[field] ?? null,
  }));
  for (const field of KEYED_FIELDS) {
    const before: Record<string, unknown> = a[field] ?? {};
    const after: Record<string, unknown> = b[field] ?? {};
    for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
      if (!sameJson(before[key], after[key])) changes.push({ field: `${field}.${key}`, from: before[key] ?? null, to: after[key] ?? null });
    }
  }
  return changes;
}

export function diffGoldenSets(a: DiffSide, b: DiffSide): GoldenDiff {
  const diff: GoldenDiff = {
    from: `${a.manifest.name}@${a.manifest.version}`,
    to: `${b.manifest.name}@${b.manifest.version}`,
    counts: {
      from: a.items.size,
      to: b.items.size,
      added: 0,
      removed: 0,
      relabeled: 0,
      textChanged: 0,
      grayChanged: 0,
      categoryChanged: 0,
      reviewsChanged: 0,
      weightChanged: 0,
      unchanged: 0,
    },
    labelTransitions: [],
    added: [],
    removed: [],
    relabeled: [],
    textChanged: [],
    grayChanged: [],
    categoryChanged: [],
    manifest: manifestChanges(a.manifest, b.manifest),
  };
  const transitions = new Map<string, { from: string; to: string; count: number }>();
  for (const [id, before] of a.items) {
    const after = b.items.get(id);
    if (after === undefined) {
      diff.removed.push({ id, label: before.label, snippet: before.snippet, category: before.category, gray: before.gray });
      continue;
    }
    const ref: ItemRef = { id, label: after.label, snippet: after.snippet };
    const key = `${before.label}\u0000${after.label}`;
    const transition = transitions.get(key) ?? { from: before.label, to: after.label, count: 0 };
    transition.count += 1;
    transitions.set(key, transition);
    let changed = false;
    if (before.label !== after.label) {
      diff.relabeled.push({ ...ref, from: before.label, to: after.label });
      changed = true;
    }
    if (before.textHash !== after.textHash) {
      diff.textChanged.push(ref);
      changed = true;
    }
    if (before.gray !== after.gray) {
      diff.grayChanged.push({ ...ref, from: before.gray, to: after.gray });
      changed = true;
    }
    if (before.category !== after.category) {
      diff.categoryChanged.push({ ...ref, from: before.category, to: after.category });
      changed = true;
    }
    if (before.reviews !== after.reviews) {
      diff.counts.reviewsChanged += 1;
      changed = true;
    }
    if (before.weight !== after.weight) {
      diff.counts.weightChanged += 1;
      changed = true;
    }
    if (!changed) diff.counts.unchanged += 1;
  }
  for (const [id, after] of b.items) {
    if (!a.items.has(id)) {
      diff.added.push({ id, label: after.label, snippet: after.snippet, category: after.category, gray: after.gray });
    }
  }
  const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  diff.labelTransitions = [...transitions.values()].sort(
    (x, y) => y.count - x.count || order(x.from, y.from) || order(x.to, y.to),
  );
  diff.counts.added = diff.added.length;
  diff.counts.removed = diff.removed.length;
  diff.counts.relabeled = diff.relabeled.length;
  diff.counts.textChanged = diff.textChanged.length;
  diff.counts.grayChanged = diff.grayChanged.length;
  diff.counts.categoryChanged = diff.categoryChanged.length;
  return diff;
}

/** Whether the two versions hold the same items and taxonomy. */
export function isEmptyDiff(diff: GoldenDiff): boolean {
  const { added, removed, unchanged, from, to } = diff.counts;
  return added === 0 && removed === 0 && unchanged === from && from === to && diff.manifest.length === 0;
}
