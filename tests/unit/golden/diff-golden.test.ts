import { describe, expect, it } from 'vitest';
import { diffGoldenSets, digestItem, isEmptyDiff, type DiffSide } from '../../../src/domain/golden/diff-golden.js';
import type { Item, Manifest } from '../../../src/domain/golden/schema.js';
import { testManifest } from './test-manifest.js';

const manifest = (version: string, extra: Partial<Manifest> = {}): Manifest => testManifest({ version, ...extra });
const side = (version: string, items: Item[], extra: Partial<Manifest> = {}): DiffSide => ({
  manifest: manifest(version, extra),
  items: new Map(items.map((item) => [item.id, digestItem(item)])),
});

describe('diffGoldenSets', () => {
  const before: Item[] = [
    { id: 'a', text: 'buy now', label: 'spam' },
    { id: 'b', text: 'hello', label: 'not_spam' },
    { id: 'c', text: 'newsletter', label: 'spam', category: 'promo' },
    { id: 'd', text: 'gone', label: 'not_spam' },
  ];
  const after: Item[] = [
    { id: 'a', text: 'buy now', label: 'spam' },
    { id: 'b', text: 'hello!', label: 'not_spam' },
    { id: 'c', text: 'newsletter', label: 'not_spam', gray_area: true, gray_reason: 'opt-in' },
    { id: 'e', text: 'new one', label: 'spam' },
  ];
  const diff = diffGoldenSets(side('1.0.0', before), side('1.1.0', after, { policy_version: '2' }));

  it('lists added, removed, relabeled (from → to), text, gray and category changes', () => {
    expect(diff.from).toBe('set@1.0.0');
    expect(diff.to).toBe('set@1.1.0');
    expect(diff.added.map((d) => d.id)).toEqual(['e']);
    expect(diff.removed.map((d) => d.id)).toEqual(['d']);
    expect(diff.relabeled).toEqual([{ id: 'c', label: 'not_spam', snippet: 'newsletter', from: 'spam', to: 'not_spam' }]);
    expect(diff.textChanged.map((d) => d.id)).toEqual(['b']);
    expect(diff.grayChanged).toMatchObject([{ id: 'c', from: false, to: true }]);
    expect(diff.categoryChanged).toMatchObject([{ id: 'c', from: 'promo', to: null }]);
    expect(diff.counts).toMatchObject({ from: 4, to: 4, added: 1, removed: 1, relabeled: 1, textChanged: 1, grayChanged: 1, categoryChanged: 1, unchanged: 1 });
    expect(diff.labelTransitions).toEqual([
      { from: 'not_spam', to: 'not_spam', count: 1 },
      { from: 'spam', to: 'not_spam', count: 1 },
      { from: 'spam', to: 'spam', count: 1 },
    ]);
    expect(diff.manifest).toEqual([{ field: 'policy_version', from: null, to: '2' }]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('an identical version is an empty diff', () => {
    const same = diffGoldenSets(side('1.0.0', before), side('1.0.1', before));
    expect(isEmptyDiff(same)).toBe(true);
    expect(same.counts.unchanged).toBe(4);
  });

  it('cuts long texts to a one-line snippet', () => {
    const digest = digestItem({ id: 'x', text: `line one\n${'y'.repeat(200)}`, label: 'spam' });
    expect(digest.snippet).toHaveLength(80);
    expect(digest.snippet.startsWith('line one y')).toBe(true);
    expect(digest.snippet.endsWith('…')).toBe(true);
  });
});
