import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curationCopy, golden, readVersion, sha256, versionsOf } from './golden-cli.js';

describe('spameval golden bump (built CLI)', () => {
  it('makes a new version from an edited working copy: parent, changelog, count and sha256', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'bump', 'reviews@1.0.0', '--from', 'edits/items.jsonl', '-m', 'Relabel r02 (SME), drop the r09 duplicate, add a parcel scam');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = readVersion(cwd, 'reviews', '1.1.0');
    expect(result.stdout).toBe(
      `wrote reviews@1.1.0 to golden-sets/reviews/1.1.0: 12 items, sha256 ${written.manifest.sha256.slice(0, 12)}…, parent reviews@1.0.0\n` +
        'reviews@1.0.0 → reviews@1.1.0: +1 added, −1 removed, 1 relabeled, 1 text changed, 0 gray flag changed\n',
    );
    expect(written.manifest).toMatchObject({
      version: '1.1.0',
      parent: 'reviews@1.0.0',
      count: 12,
      sha256: sha256(written.itemsText),
      created_at: '2026-01-01T00:00:00Z',
    });
    expect(written.manifest.changelog).toEqual([
      { version: '1.0.0', date: '2026-01-01', message: 'First version' },
      { version: '1.1.0', date: '2026-01-01', message: 'Relabel r02 (SME), drop the r09 duplicate, add a parcel scam' },
    ]);
    // the parent is untouched and still valid
    expect((await golden(cwd, 'validate', 'reviews@1.0.0')).code).toBe(0);
    expect((await golden(cwd, 'validate', 'reviews')).stdout).toContain('reviews@1.1.0: valid — 12 items');
    const major = await golden(cwd, 'bump', 'reviews@1.1.0', '--major', '-m', 'Policy 2027 applies');
    expect(major.stdout).toContain('wrote reviews@2.0.0');
  });

  it('exits 2 on a bad working copy, naming each line and field, and writes nothing', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'bump', 'reviews', '--from', 'edits/bad-items.jsonl', '-m', 'x');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'spameval: invalid input\n' +
        "edits/bad-items.jsonl:3: field 'label': unknown label 'ham' (expected one of: spam, not_spam)\n" +
        "edits/bad-items.jsonl:5: invalid JSON at column 23: unexpected end of string near '\"broken'\n" +
        'edits/bad-items.jsonl has problems; nothing was written\n',
    );
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0']);
  });

  it('takes taxonomy changes from an edited manifest in a working folder', async () => {
    const cwd = curationCopy();
    const draft = join(cwd, 'draft');
    cpSync(join(cwd, 'golden-sets/reviews/1.0.0'), draft, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(draft, 'manifest.json'), 'utf8'));
    manifest.categories.phishing = { description: 'credential phishing', policy_ref: 'policy 4.3' };
    manifest.policy_version = '2026-02';
    writeFileSync(join(draft, 'manifest.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(draft, 'items.jsonl'), readFileSync(join(draft, 'items.jsonl'), 'utf8').replace('"id":"r01","text":"WIN a free iPhone today, claim your prize at http://prize.example now","label":"spam","category":"scam"', '"id":"r01","text":"WIN a free iPhone today, claim your prize at http://prize.example now","label":"spam","category":"phishing"'));
    const result = await golden(cwd, 'bump', 'reviews', '--from', 'draft', '-m', 'Add the phishing category');
    expect(result.code).toBe(0);
    const written = readVersion(cwd, 'reviews', '1.1.0');
    expect(written.manifest).toMatchObject({ policy_version: '2026-02', categories: { phishing: { description: 'credential phishing' } }, count: 12 });
    expect(written.items[0]).toMatchObject({ id: 'r01', category: 'phishing' });
    const diff = await golden(cwd, 'diff', 'reviews@1.0.0', 'reviews@1.1.0');
    expect(diff.stdout).toContain(
      'Manifest\n' +
        'field                from       to\n' +
        'policy_version       "2026-01"  "2026-02"\n' +
        'categories.phishing  null       {"description":"credential phishing","policy_ref":"policy 4.3"}\n',
    );
    expect(diff.stdout).toContain('Category changed (1)');
  });

  it('exits 2 for an empty message, a bad version, or a version that exists; leaves no temporary folder', async () => {
    const cwd = curationCopy();
    expect((await golden(cwd, 'bump', 'reviews', '-m', ' ')).stderr).toContain("field '--message': is empty");
    expect((await golden(cwd, 'bump', 'reviews', '-m', 'x', '--version', 'v2')).stderr).toContain("field '--version': 'v2' is not a semantic version");
    const exists = await golden(cwd, 'bump', 'reviews', '-m', 'x', '--version', '1.0.0');
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('reviews@1.0.0 already exists');
    expect(readdirSync(join(cwd, 'golden-sets/reviews'))).toEqual(['1.0.0']);
  });
});

describe('spameval golden init (built CLI)', () => {
  it('creates an empty 0.0.0 template whose first import becomes 1.0.0', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'init', 'comment-spam', '--category', 'scam=Prize and advance-fee scams', '--policy-version', 'P-7');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'created comment-spam@0.0.0 in golden-sets/comment-spam/0.0.0\n' +
        'next: fill in golden-sets/comment-spam/0.0.0/manifest.json (description, labels, positive, categories with their policy_ref),\n' +
        '      then: spameval golden import <export.csv> --into comment-spam\n',
    );
    const template = readVersion(cwd, 'comment-spam', '0.0.0');
    expect(template.manifest).toMatchObject({ labels: ['spam', 'not_spam'], positive: 'spam', categories: { scam: { description: 'Prize and advance-fee scams' } }, policy_version: 'P-7', count: 0, parent: null });
    expect(template.itemsText).toBe('');
    const imported = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'comment-spam', '--map', 'category=text');
    expect(imported.code).toBe(2);
    expect(imported.stderr).toContain("exports/items.jsonl:1: field 'text': unknown category 'Earn money from home'");
    const ok = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'comment-spam');
    expect(ok.code).toBe(2);
    expect(ok.stderr).toContain("field 'category': unknown category 'seo'");
  });

  it('first import of a fresh template gives 1.0.0', async () => {
    const cwd = curationCopy();
    await golden(cwd, 'init', 'fresh', '--category', 'seo=Link spam');
    const result = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'fresh');
    expect(result.code).toBe(0);
    expect(versionsOf(cwd, 'fresh')).toEqual(['0.0.0', '1.0.0']);
    expect(readVersion(cwd, 'fresh', '1.0.0').manifest.parent).toBe('fresh@0.0.0');
  });

  it('exits 2 for an existing set, a bad name, or a positive label outside the labels', async () => {
    const cwd = curationCopy();
    expect((await golden(cwd, 'init', 'reviews')).stderr).toContain("golden set 'reviews' already exists");
    const name = await golden(cwd, 'init', 'Bad Name');
    expect(name.code).toBe(2);
    expect(name.stderr).toContain("field 'name': lowercase letters, digits, dot, dash, underscore");
    const positive = await golden(cwd, 'init', 'x-set', '--labels', 'abusive,benign', '--positive', 'spam');
    expect(positive.code).toBe(2);
    expect(positive.stderr).toContain("field 'positive': 'spam' is not one of labels [abusive, benign]");
    expect(existsSync(join(cwd, 'golden-sets', 'x-set'))).toBe(false);
  });
});
