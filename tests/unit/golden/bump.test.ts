import { describe, expect, it } from 'vitest';
import { appendNote, bumpVersion, canonicalItem, deriveManifest } from '../../../src/domain/golden/bump.js';
import type { Manifest } from '../../../src/domain/golden/schema.js';
import { testManifest } from './test-manifest.js';

describe('bumpVersion', () => {
  it('bumps minor by default rules, resets lower parts, drops pre-release tags', () => {
    expect(bumpVersion('1.2.3', 'minor')).toBe('1.3.0');
    expect(bumpVersion('1.2.3', 'major')).toBe('2.0.0');
    expect(bumpVersion('1.2.3', 'patch')).toBe('1.2.4');
    expect(bumpVersion('1.2.3-rc.1', 'patch')).toBe('1.2.4');
  });

  it('the empty template 0.0.0 becomes 1.0.0', () => {
    expect(bumpVersion('0.0.0', 'minor')).toBe('1.0.0');
    expect(bumpVersion('0.1.0', 'minor')).toBe('0.2.0');
  });
});

describe('deriveManifest', () => {
  const parent: Manifest = testManifest({
    parent: null,
    changelog: [{ version: '1.0.0', date: '2026-01-01', message: 'first' }],
    count: 10,
    sha256: 'a'.repeat(64),
    strata: { s: { population: 100, sample: 10 } },
  });

  it('sets parent, appends the changelog, leaves count and sha256 to the writer', () => {
    const draft = deriveManifest(parent, { version: '1.1.0', message: 'relabel', now: '2026-02-03T04:05:06Z' });
    expect(draft).toMatchObject({ version: '1.1.0', parent: 'set@1.0.0', created_at: '2026-02-03T04:05:06Z', strata: parent.strata });
    expect(draft.changelog).toEqual([...parent.changelog, { version: '1.1.0', date: '2026-02-03', message: 'relabel' }]);
    expect('count' in draft).toBe(false);
    expect('sha256' in draft).toBe(false);
    expect('strata' in deriveManifest(parent, { version: '1.1.0', message: 'm', now: '2026-02-03T00:00:00Z', dropStrata: true })).toBe(false);
  });

  it('applies taxonomy changes', () => {
    const draft = deriveManifest(parent, { version: '2.0.0', message: 'm', now: '2026-02-03T00:00:00Z', changes: { labels: ['a', 'b'], positive: 'a' } });
    expect(draft).toMatchObject({ labels: ['a', 'b'], positive: 'a' });
  });
});

describe('canonicalItem', () => {
  it('orders keys as the schema does, whatever order they came in', () => {
    const item = canonicalItem({ notes: 'n', label: 'spam', id: '1', reviews: [{ label: 'spam', reviewer: 'a' }], text: 't' });
    expect(JSON.stringify(item)).toBe('{"id":"1","text":"t","label":"spam","reviews":[{"reviewer":"a","label":"spam"}],"notes":"n"}');
  });

  it('appends notes on a new line', () => {
    expect(appendNote(undefined, 'x')).toBe('x');
    expect(appendNote('a', 'b')).toBe('a\nb');
  });
});
