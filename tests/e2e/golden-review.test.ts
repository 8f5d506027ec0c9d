import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { curationCopy, golden, readVersion, versionsOf } from './golden-cli.js';

function readSheet(file: string): Record<string, string>[] {
  return parse(readFileSync(file, 'utf8'), { columns: true });
}

describe('spameval golden adjudicate (built CLI)', () => {
  it('majority: relabels a unanimous dissent, makes 2-of-3 splits gray with their reason, writes a new version', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'adjudicate', 'reviews', '--rule', 'majority');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('reviews@1.0.0, rule majority (gray below top share 0.75): 12 items — 7 clear majority, 0 decided by SMEs, 3 split, 1 tied, 1 without reviews; 1 relabeled, 3 newly gray');
    expect(result.stdout).toContain('r02  spam      not_spam  majority');
    expect(result.stdout).toContain('reviews@1.0.0 → reviews@1.1.0: +0 added, −0 removed, 1 relabeled, 0 text changed, 3 gray flag changed');
    const items = new Map(readVersion(cwd, 'reviews', '1.1.0').items.map((item) => [item.id, item]));
    expect(items.get('r02')).toMatchObject({ label: 'not_spam' });
    expect(items.get('r03')).toMatchObject({ label: 'spam', gray_area: true, gray_reason: 'reviewers split (spam 2, not_spam 1): top share 0.67 < 0.75' });
    expect(items.get('r04')).toMatchObject({ gray_reason: 'opt-in newsletter that reads like promotion' });
    expect(readVersion(cwd, 'reviews', '1.1.0').manifest.changelog).toContainEqual({
      version: '1.1.0',
      date: '2026-01-01',
      message: 'Adjudicated by majority (gray below top share 0.75): 1 relabeled, 3 newly gray (3 split, 1 tied)',
    });
  });

  it('sme-priority: the SME decides; --dry-run writes nothing', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'adjudicate', 'reviews', '--rule', 'sme-priority', '--dry-run');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('7 decided by SMEs');
    expect(result.stdout).toContain('dry run: would write reviews@1.1.0 (12 items)');
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0']);
  });

  it('exits 2 without --rule or with an unknown rule', async () => {
    const cwd = curationCopy();
    expect((await golden(cwd, 'adjudicate', 'reviews')).stderr).toContain("required option '--rule <rule>' not specified");
    const unknown = await golden(cwd, 'adjudicate', 'reviews', '--rule', 'vote');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Allowed choices are majority, sme-priority");
  });
});

describe('SME review loop: disagreements → decisions → import-decisions (built CLI)', () => {
  it('exports the gray and disputed items with the run\'s answers, and applies the filled-in decisions', async () => {
    const cwd = curationCopy();
    const sheetFile = join(cwd, 'sheet.csv');
    const exported = await golden(cwd, 'disagreements', 'reviews', '--run', 'runs/model-a', '--candidate-disagreements', '--out', 'sheet.csv');
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('5 of 12 items of reviews@1.0.0 to review written to sheet.csv');
    const rows = readSheet(sheetFile);
    expect(rows.map((row) => [row.id, row.why])).toEqual([
      ['r04', 'flagged gray; reviewers tied'],
      ['r03', 'reviewers split (top share 0.67)'],
      ['r07', "reviewers split (top share 0.67); model-a says 'spam'"],
      ['r11', 'reviewers split (top share 0.67)'],
      ['r02', "gold 'spam' but reviewers' majority 'not_spam'; model-a says 'not_spam'"],
    ]);
    expect(rows.find((row) => row.id === 'r07')).toMatchObject({ 'model-a_label': 'spam', 'model-a_score': '0.96', 'model-a_rationale': 'promotes a prize or product', votes: 'spam 1, not_spam 2' });

    const decided = rows.map((row) =>
      row.id === 'r07'
        ? { ...row, decision: 'spam', decision_category: 'scam', decision_gray: 'no', decided_by: 'maria', decision_note: 'crypto doubling, policy 4.1' }
        : row.id === 'r02'
          ? { ...row, decision: 'not_spam', decided_by: 'maria' }
          : row,
    );
    writeFileSync(sheetFile, stringify(decided, { header: true }));
    const applied = await golden(cwd, 'import-decisions', 'reviews', 'sheet.csv');
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('sheet.csv: 2 decisions (2 relabel, 0 confirm the gold label, 0 change the gray flag); 3 rows undecided');
    const items = new Map(readVersion(cwd, 'reviews', '1.1.0').items.map((item) => [item.id, item]));
    expect(items.get('r07')).toMatchObject({ label: 'spam', category: 'scam', notes: 'SME decision 2026-01-01 by maria: not_spam → spam — crypto doubling, policy 4.1' });
    expect(items.get('r02')).toMatchObject({ label: 'not_spam', notes: 'SME decision 2026-01-01 by maria: spam → not_spam' });
  });

  it('escapes cells that a spreadsheet would run as formulas, and reads the escaped id back', async () => {
    const cwd = curationCopy();
    writeFileSync(
      join(cwd, 'formula.jsonl'),
      `${JSON.stringify({ id: '=cmd', text: '=HYPERLINK("http://evil.example","claim")', label: 'spam', gray_area: true, gray_reason: '+1 looks like spam' })}\n`,
    );
    expect((await golden(cwd, 'import', 'formula.jsonl', '--into', 'reviews')).code).toBe(0);
    await golden(cwd, 'disagreements', 'reviews', '--out', 'sheet.csv');
    const row = readSheet(join(cwd, 'sheet.csv')).find((r) => r.id === "'=cmd");
    expect(row).toMatchObject({ text: '\'=HYPERLINK("http://evil.example","claim")', gray_reason: "'+1 looks like spam" });
    writeFileSync(join(cwd, 'sheet.csv'), stringify([{ ...row, decision: 'not_spam' }], { header: true }));
    const applied = await golden(cwd, 'import-decisions', 'reviews', 'sheet.csv');
    expect(applied.code).toBe(0);
    expect(readVersion(cwd, 'reviews', '1.2.0').items.find((item) => item.id === '=cmd')).toMatchObject({ label: 'not_spam', text: '=HYPERLINK("http://evil.example","claim")' });
  });

  it('exits 2 on bad decisions with line and column, and writes nothing', async () => {
    const cwd = curationCopy();
    writeFileSync(
      join(cwd, 'bad-sheet.csv'),
      'id,decision,decision_category,decision_gray\nr01,spam,,\nr99,spam,,\nr02,ham,,\nr03,spam,phishing,maybe\n',
    );
    const result = await golden(cwd, 'import-decisions', 'reviews', 'bad-sheet.csv');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'spameval: invalid input\n' +
        "bad-sheet.csv:3: field 'id': no item 'r99' in reviews@1.0.0\n" +
        "bad-sheet.csv:4: field 'decision': unknown label 'ham' (expected one of: spam, not_spam)\n" +
        "bad-sheet.csv:5: field 'decision_category': unknown category 'phishing' (expected one of: scam, seo, or none)\n" +
        "bad-sheet.csv:5: field 'decision_gray': 'maybe' is not yes/no (leave it empty to keep the gray flag as it is)\n" +
        '4 problems in bad-sheet.csv; nothing was written\n',
    );
    expect(versionsOf(cwd, 'reviews')).toEqual(['1.0.0']);
  });

  it('refuses a run of another golden set', async () => {
    const cwd = curationCopy();
    const runFile = join(cwd, 'runs/model-a/run.json');
    writeFileSync(runFile, readFileSync(runFile, 'utf8').replace('"name": "reviews"', '"name": "other-set"'));
    const result = await golden(cwd, 'disagreements', 'reviews', '--run', 'runs/model-a');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("field 'golden_set.name': the run is of 'other-set', not 'reviews'");
  });
});

describe('spameval golden suspects (built CLI)', () => {
  it('ranks the probable label errors by confident learning on the run\'s scores', async () => {
    const result = await golden(curationCopy(), 'suspects', 'reviews', '--run', 'runs/model-a');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // thresholds by hand: mean P(spam) over the 6 gold spam = (.97+.03+.81+.95+.97+.9)/6 = 0.7717;
    // mean P(not spam) over the 5 scored gold not_spam = (.55+.96+.04+.98+.80)/5 = 0.6660 (r12 errored)
    expect(result.stdout).toBe(
      'reviews@1.0.0: 2 suspect labels among 11 scored items (1 without a score)\n' +
        "confident learning on model-a's scores: thresholds P(not positive) ≥ 0.6660, P(positive) ≥ 0.7717; confident joint [[3,1],[1,5]] → calibrated [[4,1],[1,5]]\n" +
        '\n' +
        'rank  id   gold      score  P(gold)  flagged by  gray  text\n' +
        '   1  r02  spam      0.030    0.030  model-a           Thanks for the recipe, the bread came out great\n' +
        '   2  r07  not_spam  0.960    0.040  model-a           Limited time: crypto doubling, send 1 BTC get 2 back from our wallet\n' +
        'these are candidates for SME review, not relabels: scores must come from models not trained on this set\n',
    );
  });

  it('--format csv is an SME review sheet that import-decisions reads back', async () => {
    const cwd = curationCopy();
    const result = await golden(cwd, 'suspects', 'reviews', '--run', 'runs/model-a', '--format', 'csv', '--out', 'suspects.csv');
    expect(result.code).toBe(0);
    const rows = readSheet(join(cwd, 'suspects.csv'));
    expect(rows.map((row) => [row.rank, row.id, row.self_confidence])).toEqual([['1', 'r02', '0.0300'], ['2', 'r07', '0.0400']]);
    writeFileSync(join(cwd, 'suspects.csv'), stringify(rows.map((row) => ({ ...row, decision: row.id === 'r02' ? 'not_spam' : '' })), { header: true }));
    const applied = await golden(cwd, 'import-decisions', 'reviews', 'suspects.csv', '--version', '1.0.1');
    expect(applied.code).toBe(0);
    expect(readVersion(cwd, 'reviews', '1.0.1').items.find((item) => item.id === 'r02')).toMatchObject({ label: 'not_spam' });
  });

  it('exits 2 without a run, or with more --min-runs than runs', async () => {
    const cwd = curationCopy();
    expect((await golden(cwd, 'suspects', 'reviews')).code).toBe(2);
    const tooMany = await golden(cwd, 'suspects', 'reviews', '--run', 'runs/model-a', '--min-runs', '2');
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain("field '--min-runs': 2 is more than the 1 runs given");
  });
});
