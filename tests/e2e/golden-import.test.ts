import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { curationCopy, golden, readVersion, sha256, versionsOf } from './golden-cli.js';

const WIDE = ['--map', 'id=ticket,text=body,label=final,category=cat,slices.surface=surface', '--map', 'reviews.agent1=agent1,reviews.agent2=agent2,reviews.qa=qa', '--label-map', 'Spam=spam,Ham=not_spam', '--reviewer-group', 'qa=sme'];

describe('spameval golden import (built CLI)', () => {
  it('imports a vendor QA sheet into a new version: parent items kept, reviewers as reviews, a tie made gray', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'import', 'exports/vendor-qa.csv', '--into', 'reviews', ...WIDE);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      "CSV exports/vendor-qa.csv: 4 items from 4 rows, 1 gold labels from reviewers' majority\n" +
        `wrote reviews@1.1.0 to golden-sets/reviews/1.1.0: 16 items, sha256 ${readVersion(cwd, 'reviews', '1.1.0').manifest.sha256.slice(0, 12)}…, parent reviews@1.0.0\n` +
        'reviews@1.0.0 → reviews@1.1.0: +4 added, −0 removed, 0 relabeled, 0 text changed, 0 gray flag changed\n',
    );
    const written = readVersion(cwd, 'reviews', '1.1.0');
    expect(written.manifest).toMatchObject({
      name: 'reviews',
      version: '1.1.0',
      parent: 'reviews@1.0.0',
      created_at: '2026-01-01T00:00:00Z',
      count: 16,
      sha256: sha256(written.itemsText),
      changelog: [
        { version: '1.0.0', date: '2026-01-01', message: 'First version' },
        { version: '1.1.0', date: '2026-01-01', message: 'Imported 4 items from vendor-qa.csv' },
      ],
    });
    const byId = new Map(written.items.map((item) => [item.id, item]));
    expect(byId.get('n03')).toEqual({
      id: 'n03',
      text: 'Cheap meds online\nno prescription needed',
      label: 'spam',
      reviews: [{ reviewer: 'agent1', label: 'spam' }, { reviewer: 'agent2', label: 'not_spam' }, { reviewer: 'qa', label: 'spam', group: 'sme' }],
      slices: { surface: 'pin' },
    });
    expect(byId.get('n04')).toMatchObject({ label: 'not_spam', gray_area: true, gray_reason: "reviewers tied (spam 1, not_spam 1); gold label 'not_spam' until an SME decides" });
    expect(byId.get('r01')).toBeDefined();
    expect((await golden(cwd, 'validate', 'reviews@1.1.0')).code).toBe(0);
  });

  it('merges one row per review into items; --dry-run writes nothing', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'import', 'exports/reviews-long.csv', '--into', 'reviews', '--map', 'reviewer=rater,review_label=verdict,review_group=team', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2 items from 5 rows, 2 gold labels from reviewers' majority");
    expect(result.stdout).toContain('dry run: would write reviews@1.1.0 (14 items) to golden-sets/reviews/1.1.0');
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0']);
    const real = await golden(cwd, 'import', 'exports/reviews-long.csv', '--into', 'reviews', '--map', 'reviewer=rater,review_label=verdict,review_group=team', '--replace', '--version', '2.0.0');
    expect(real.code).toBe(0);
    expect(readVersion(cwd, 'reviews', '2.0.0').items).toEqual([
      {
        id: 'l01',
        text: 'Click here for a free cruise',
        label: 'spam',
        reviews: [{ reviewer: 'ann', label: 'spam', group: 'vendor-a' }, { reviewer: 'bob', label: 'spam', group: 'vendor-a' }, { reviewer: 'sam', label: 'spam', group: 'sme' }],
      },
      {
        id: 'l02',
        text: 'See you at the match on Sunday',
        label: 'not_spam',
        gray_area: true,
        gray_reason: "reviewers tied (spam 1, not_spam 1); gold label 'not_spam' until an SME decides",
        reviews: [{ reviewer: 'ann', label: 'not_spam', group: 'vendor-a' }, { reviewer: 'bob', label: 'spam', group: 'vendor-a' }],
      },
    ]);
  });

  it('exits 2 on bad rows, naming each line and column, and writes nothing', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'import', 'exports/bad.csv', '--into', 'reviews', '--map', 'id=ticket,text=body,label=final,category=cat', '--label-map', 'Spam=spam,Ham=not_spam');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'spameval: invalid input\n' +
        "exports/bad.csv:3: field 'final': unknown label 'Spam?' (expected one of: spam, not_spam; or map it: --label-map 'Spam?=<label>')\n" +
        "exports/bad.csv:4: field 'cat': unknown category 'phishing' (expected one of: scam, seo)\n" +
        "exports/bad.csv:6: field 'ticket': id is empty\n" +
        'exports/bad.csv:7: the row has 5 cells, the header has 4\n' +
        '4 of 6 rows are bad; nothing was written (fix them, or pass --skip-invalid to import the good rows and write the bad ones to a rejects file)\n',
    );
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0']);
    expect(existsSync(join(cwd, 'exports', 'bad.rejects.csv'))).toBe(false);
  });

  it('--skip-invalid writes the good rows and a rejects file that can be fixed and imported again', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'import', 'exports/bad.csv', '--into', 'reviews', '--map', 'id=ticket,text=body,label=final,category=cat', '--label-map', 'Spam=spam,Ham=not_spam', '--skip-invalid');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('2 items from 6 rows, 4 bad rows skipped');
    expect(result.stderr).toContain('4 bad rows written to exports/bad.rejects.csv');
    expect(readVersion(cwd, 'reviews', '1.1.0').items.slice(-2).map((item) => item.id)).toEqual(['b01', 'b06']);
    expect(readFileSync(join(cwd, 'exports', 'bad.rejects.csv'), 'utf8')).toBe(
      'ticket,body,final,cat,_line,_problems\n' +
        "b02,A label nobody knows,Spam?,,3,\"field 'final': unknown label 'Spam?' (expected one of: spam, not_spam; or map it: --label-map 'Spam?=<label>')\"\n" +
        "b03,\"Multi-line\ntext with a bad category\",Spam,phishing,4,\"field 'cat': unknown category 'phishing' (expected one of: scam, seo)\"\n" +
        ",no id here,Ham,,6,field 'ticket': id is empty\n" +
        '"b05,too,many,cells,here",,,,7,"the row has 5 cells, the header has 4"\n',
    );
  });

  it('imports JSONL (no mapping needed when the keys are the item fields)', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'reviews@1.0.0', '--patch');
    expect(result.code).toBe(0);
    expect(readVersion(cwd, 'reviews', '1.0.1').items.slice(-2)).toEqual([
      { id: 'j1', text: 'Earn money from home', label: 'spam', category: 'seo' },
      { id: 'j2', text: 'Nice dog!', label: 'not_spam', slices: { surface: 'pin' } },
    ]);
  });

  it('exits 2 for a mapping to a missing column, an id already in the set, or an existing version', async () => {
    const cwd = curationCopy();
    const missing = await golden(cwd, 'import', 'exports/vendor-qa.csv', '--into', 'reviews', '--map', 'id=ticket,text=content');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("field '--map': text=content: the file has no column 'content' (its columns are: ticket, body, final, cat, surface, agent1, agent2, qa)");
    await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'reviews');
    const again = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'reviews@1.1.0');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("exports/items.jsonl:1: field 'id': id 'j1' is already in reviews@1.1.0");
    const exists = await golden(cwd, 'import', 'exports/items.jsonl', '--into', 'reviews@1.0.0', '--version', '1.1.0');
    expect(exists.code).toBe(2);
    expect(exists.stderr).toContain('reviews@1.1.0 already exists');
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0', '1.1.0']);
  });
});
