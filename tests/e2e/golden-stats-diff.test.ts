import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reference } from '../unit/golden/golden-reference.js';
import { curationCopy, golden } from './golden-cli.js';

const expected = reference.curationFixture;

describe('spameval golden stats (built CLI)', () => {
  it('JSON: balance, gray share, lengths, duplicates and agreement equal the Python reference', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'stats', 'reviews@1.0.0', '--format', 'json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats).toMatchObject({ schema_version: 1, kind: 'golden-stats', name: 'reviews', version: '1.0.0', items: 12 });
    expect(Object.fromEntries(stats.labels.map((l: { label: string; count: number }) => [l.label, l.count]))).toEqual(expected.labels);
    expect(stats.categories.find((c: { category: string }) => c.category === 'scam').count).toBe(expected.categories.scam);
    expect(stats.gray.flagged.count).toBe(expected.flagged);
    expect(stats.gray.status).toEqual(expected.status);
    expect(stats.duplicates.exactDuplicates.count).toBe(expected.exactDuplicates);
    for (const key of ['min', 'max', 'mean', 'p10', 'p50', 'p90', 'p99'] as const) expect(stats.textLength[key]).toBeCloseTo(expected.textLength[key], 10);
    expect(stats.agreement.krippendorff.alpha.value).toBeCloseTo(expected.krippendorff.alpha, 12);
    expect(stats.agreement.fleiss.kappa.value).toBeCloseTo(expected.fleiss.kappa, 12);
    expect(stats.agreement.fleiss.items).toBe(expected.fleiss.items);
    expect(stats.agreement.percentAgreement.meanItem.value).toBeCloseTo(expected.percentAgreement.meanItem, 12);
    expect(stats.agreement.cohenPairs.map((p: { a: string; b: string; kappa: { value: number } }) => [p.a, p.b, p.kappa.value])).toEqual(
      expected.cohenPairs.map((p) => [p.a, p.b, expect.closeTo(p.kappa, 12)]),
    );
  });

  it('table: a terminal summary with the headline agreement', async () => {
    const result = await golden(curationCopy(), 'stats', 'reviews');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').slice(0, 6)).toEqual([
      'reviews@1.0.0: 12 items',
      '',
      'Labels',
      'label     items  share',
      'spam          6  50.0%  positive (enforced)',
      'not_spam      6  50.0%',
    ]);
    expect(result.stdout).toContain("Krippendorff's alpha (nominal)    0.462  11 items with ≥ 2 reviews (29 values)");
    expect(result.stdout).toContain("duplicates: 1 items (8.3%) repeat an earlier item's normalised text");
  });

  it('Markdown for a PR comment or $GITHUB_STEP_SUMMARY', async () => {
    const result = await golden(curationCopy(), 'stats', 'reviews', '--format', 'md');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('## Golden set reviews@1.0.0: 12 items');
    expect(result.stdout).toContain('| label | items | share |  |\n| --- | ---: | ---: | --- |\n| spam | 6 | 50.0% | positive (enforced) |');
  });
});

describe('a hash mismatch is reported by every command that loads the set', () => {
  it.each([
    ['stats', ['stats', 'reviews']],
    ['validate', ['validate', 'reviews']],
    ['diff', ['diff', 'reviews@1.0.0', 'reviews@1.0.0']],
    ['dedupe', ['dedupe', 'reviews']],
    ['adjudicate', ['adjudicate', 'reviews', '--rule', 'majority']],
    ['sample', ['sample', 'reviews', '--n', '3']],
    ['bump', ['bump', 'reviews', '-m', 'x']],
    ['disagreements', ['disagreements', 'reviews']],
  ])('%s exits 2 naming the sha256 and pointing to bump', async (_name, args) => {
    const cwd = curationCopy();
    appendFileSync(join(cwd, 'golden-sets/reviews/1.0.0/items.jsonl'), `${JSON.stringify({ id: 'x1', text: 'edited in place', label: 'spam' })}\n`);
    const result = await golden(cwd, ...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/manifest\.json: field 'count': manifest says 12 items but .*items\.jsonl has 13/);
    expect(result.stderr).toMatch(/manifest\.json: field 'sha256': items\.jsonl has sha256 [0-9a-f]{64}, the manifest says 3dcca1d6.*golden bump/);
  });
});

describe('spameval golden diff (built CLI)', () => {
  async function bumped(): Promise<string> {
    const cwd = curationCopy();
    const bump = await golden(cwd, 'bump', 'reviews@1.0.0', '--from', 'edits/items.jsonl', '-m', 'Relabel r02, drop r09, add r13');
    expect(bump.code).toBe(0);
    return cwd;
  }

  it('table: added, removed, relabeled from → to, text changed', async () => {
    const cwd = await bumped();
    const result = await golden(cwd, 'diff', 'reviews@1.0.0', 'reviews@1.1.0');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      [
        'reviews@1.0.0 → reviews@1.1.0: 12 → 12 items; +1 added, −1 removed, 1 relabeled, 1 text changed, 0 gray flag changed, 0 category changed; 9 unchanged',
        '',
        'Label changes',
        'from  to        items',
        'spam  not_spam      1',
        '',
        'Relabeled (1)',
        'id   from  to        text',
        'r02  spam  not_spam  Thanks for the recipe, the bread came out great',
        '',
        'Added (1)',
        'id   label  category  gray  text',
        'r13  spam   scam            Reminder: your parcel is waiting, pay the customs fee at parcel-fee.example',
        '',
        'Removed (1)',
        'id   label  category  gray  text',
        'r09  spam   scam            win a FREE iphone today, claim your prize at http://prize.example now',
        '',
        'Text changed (1)',
        'id   label     new text',
        'r05  not_spam  Meeting moved to 4pm, see you in room 4',
        '',
      ].join('\n'),
    );
  });

  it('JSON lists every change; --exit-code is 1 when versions differ and 0 when they do not', async () => {
    const cwd = await bumped();
    const result = await golden(cwd, 'diff', 'reviews@1.0.0', 'reviews@1.1.0', '--format', 'json', '--exit-code');
    expect(result.code).toBe(1);
    const diff = JSON.parse(result.stdout);
    expect(diff).toMatchObject({ kind: 'golden-diff', from: 'reviews@1.0.0', to: 'reviews@1.1.0' });
    expect(diff.relabeled).toEqual([{ id: 'r02', label: 'not_spam', snippet: 'Thanks for the recipe, the bread came out great', from: 'spam', to: 'not_spam' }]);
    expect(diff.added.map((d: { id: string }) => d.id)).toEqual(['r13']);
    expect(diff.removed.map((d: { id: string }) => d.id)).toEqual(['r09']);
    expect((await golden(cwd, 'diff', 'reviews@1.0.0', 'reviews@1.0.0', '--exit-code')).code).toBe(0);
  });

  it('Markdown escapes item text (spam is adversarial)', async () => {
    const cwd = await bumped();
    const result = await golden(cwd, 'diff', 'reviews@1.0.0', 'reviews@1.1.0', '--format', 'md');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('### Relabeled (1)');
    expect(result.stdout).toContain('| r02 | spam | not\\_spam | Thanks for the recipe, the bread came out great |');
  });

  it('exits 2 for an unknown version, listing the ones there are', async () => {
    const result = await golden(curationCopy(), 'diff', 'reviews@1.0.0', 'reviews@9.0.0');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("golden set 'reviews' has no version 9.0.0 (available: 1.0.0)");
  });
});
