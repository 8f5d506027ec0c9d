import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../../src/adapters/formats/read-table.js';
import { buildColumnMap } from '../../../src/domain/golden/column-map.js';
import { buildItemsFromRows, parseFlag } from '../../../src/domain/golden/import-rows.js';
import { InputError } from '../../../src/domain/problems.js';
import { tempDir } from '../../helpers/golden-fixture.js';
import { testManifest } from './test-manifest.js';

const manifest = testManifest();

function write(name: string, text: string): string {
  const file = join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}

async function importFile(file: string, map: string[], labelMap: [string, string][] = [], existing: string[] = []) {
  const table = await readTable(file);
  const columnMap = buildColumnMap({ map, reviewerGroups: [], columns: table.columns });
  expect(columnMap.problems).toEqual([]);
  return { table, result: buildItemsFromRows(table.rows, columnMap.map, manifest, { file, labelMap: new Map(labelMap), existingIds: new Set(existing) }) };
}

describe('readTable', () => {
  it('gives each CSV row the physical line it starts on (quoted newlines, blank lines, BOM)', async () => {
    const file = write('a.csv', '\uFEFFid,text,label\n1,"two\nlines",spam\n\n2,plain,spam\n3,"x ""q""\n\nz",spam\n4,last,spam');
    const table = await readTable(file);
    expect(table.columns).toEqual(['id', 'text', 'label']);
    expect(table.rows.map((row) => [row.line, row.values.id])).toEqual([[2, '1'], [5, '2'], [6, '3'], [9, '4']]);
    expect(table.rows[2]?.values.text).toBe('x "q"\n\nz');
  });

  it('counts lines the same in a CRLF file (as spreadsheets on Windows export it)', async () => {
    const table = await readTable(write('crlf.csv', 'id,text,label\r\n1,"two\r\nlines",spam\r\n\r\n2,plain,spam\r\n4,last,spam'));
    expect(table.rows.map((row) => [row.line, row.values.id])).toEqual([[2, '1'], [5, '2'], [6, '4']]);
    expect(table.rows[0]?.values.text).toBe('two\r\nlines');
  });

  it('reports a row with the wrong number of cells, and keeps reading', async () => {
    const table = await readTable(write('b.csv', 'id,text,label\n1,a,spam\n2,b,spam,extra\n3,c,spam\n'));
    expect(table.rows.map((row) => row.line)).toEqual([2, 4]);
    expect(table.unreadable).toMatchObject([{ line: 3, raw: '2,b,spam,extra\n' }]);
    expect(table.unreadable[0]?.problem.message).toBe('the row has 4 cells, the header has 3');
  });

  it('a broken quote is fatal, at its line', async () => {
    await expect(readTable(write('c.csv', 'id,text,label\n1,"ok",spam\n2,"bad"x,spam\n'))).rejects.toThrow(InputError);
    await expect(readTable(write('c2.csv', 'id,text,label\n1,"ok",spam\n2,"bad"x,spam\n'))).rejects.toThrow(/line 3/);
  });

  it('reads JSONL with typed values, and reports bad lines', async () => {
    const table = await readTable(write('d.jsonl', '{"id":1,"text":"a","score":0.5}\n[1]\n{"id":2,\n\n{"id":3,"text":"c","extra":true}\n'));
    expect(table.columns).toEqual(['id', 'text', 'score', 'extra']);
    expect(table.rows.map((row) => row.line)).toEqual([1, 5]);
    expect(table.unreadable.map((row) => row.line)).toEqual([2, 3]);
  });

  it('refuses an unknown extension', async () => {
    await expect(readTable(write('e.xlsx', ''))).rejects.toThrow(/--format csv\|tsv\|jsonl/);
  });
});

describe('buildItemsFromRows', () => {
  it('maps columns, labels, slices, fields and wide reviews; a missing label comes from the reviewers', async () => {
    const { result } = await importFile(
      write('w.csv', 'ticket,body,final,url,surface,a1,a2\nt1,Buy now,Spam,http://x,comment,Spam,Spam\nt2,Hi there,,,pin,Ham,Spam\n'),
      ['id=ticket,text=body,label=final,fields.url=url,slices.surface=surface', 'reviews.a1=a1,reviews.a2=a2'],
      [['Spam', 'spam'], ['Ham', 'not_spam']],
    );
    expect(result.problems).toEqual([]);
    expect(result.items.map((entry) => entry.item)).toEqual([
      {
        id: 't1',
        text: 'Buy now',
        label: 'spam',
        fields: { url: 'http://x' },
        slices: { surface: 'comment' },
        reviews: [{ reviewer: 'a1', label: 'spam' }, { reviewer: 'a2', label: 'spam' }],
      },
      {
        id: 't2',
        text: 'Hi there',
        label: 'not_spam',
        gray_area: true,
        gray_reason: "reviewers tied (spam 1, not_spam 1); gold label 'not_spam' until an SME decides",
        slices: { surface: 'pin' },
        reviews: [{ reviewer: 'a1', label: 'not_spam' }, { reviewer: 'a2', label: 'spam' }],
      },
    ]);
    expect(result.items.map((entry) => entry.adjudicated)).toEqual([false, true]);
  });

  it('merges one-row-per-review rows of the same id and names conflicting cells', async () => {
    const { result } = await importFile(
      write('l.csv', 'id,text,rater,verdict,team\n1,hello,ann,spam,vendor\n2,other,ann,not_spam,vendor\n1,hello,bob,spam,sme\n1,HELLO,cy,not_spam,\n'),
      ['reviewer=rater,review_label=verdict,review_group=team'],
    );
    expect(result.items.map((entry) => entry.item.id)).toEqual(['2']);
    expect(result.problems).toMatchObject([{ line: 5, field: 'text', message: "differs from line 2 for the same id '1'" }]);
    expect(result.rejected).toMatchObject([{ id: '1', lines: [2, 4, 5] }]);
    const good = await importFile(write('l2.csv', 'id,text,rater,verdict,team\n1,hello,ann,spam,vendor\n1,hello,bob,spam,sme\n'), ['reviewer=rater,review_label=verdict,review_group=team']);
    expect(good.result.items[0]?.item.reviews).toEqual([{ reviewer: 'ann', label: 'spam', group: 'vendor' }, { reviewer: 'bob', label: 'spam', group: 'sme' }]);
    expect(good.result.items[0]?.item.label).toBe('spam');
  });

  it('reports every bad cell with its line and column', async () => {
    const { result } = await importFile(
      write('bad.csv', 'id,text,label,category,gray_area,weight\n1,ok,spam,,,\n2,x,Spam?,,,\n2,dup,spam,,,\n,noid,spam,,,\n5,,spam,,,\n6,y,spam,phish,maybe,-1\n7,z,spam,,,\n'),
      [],
      [],
      ['7'],
    );
    expect(result.items.map((entry) => entry.item.id)).toEqual(['1']);
    const seen = result.problems.map((p) => [p.line, p.field, p.message]);
    expect(seen).toEqual([
      [3, 'label', "unknown label 'Spam?'"],
      [4, 'id', "duplicate id '2' (first on line 3)"],
      [5, 'id', 'id is empty'],
      [6, 'text', 'text is empty'],
      [7, 'gray_area', "'maybe' is not yes/no"],
      [7, 'weight', "weight must be a positive number, got '-1'"],
      [8, 'id', "id '7' is already in the set"],
    ]);
    const byCategory = await importFile(write('cat.csv', 'id,text,label,category\n1,ok,spam,phish\n'), []);
    expect(byCategory.result.problems).toMatchObject([{ line: 2, field: 'category', message: "unknown category 'phish'" }]);
  });

  it('complains about a mapping to a column the file does not have', () => {
    const { problems } = buildColumnMap({ map: ['id=ticket,colour=x'], reviewerGroups: ['zed=sme'], columns: ['ticket', 'text'] });
    expect(problems.map((p) => p.message)).toEqual([
      "colour=x: the file has no column 'x'",
      "unknown field 'colour'",
      "'zed' is not a mapped reviewer",
    ]);
  });

  it('parses yes/no cells', () => {
    expect([parseFlag('Yes'), parseFlag('0'), parseFlag(''), parseFlag(true), parseFlag('perhaps')]).toEqual([true, false, undefined, true, 'invalid']);
  });
});

describe('JSONL in the item shape', () => {
  it('takes fields, slices and reviews objects as they are, mapping review labels', async () => {
    const { result } = await importFile(
      write('items.jsonl', '{"id":"a","text":"x","fields":{"url":"u"},"slices":{"surface":"pin"},"reviews":[{"reviewer":"r","label":"Spam"},{"reviewer":"s","label":"spam","group":"sme"}]}\n{"id":"b","text":"y","slices":"pin","label":"spam"}\n{"id":"c","text":"z","label":"spam","reviews":[{"who":"r"}]}\n'),
      [],
      [['Spam', 'spam']],
    );
    expect(result.items.map((entry) => entry.item)).toEqual([
      { id: 'a', text: 'x', fields: { url: 'u' }, label: 'spam', slices: { surface: 'pin' }, reviews: [{ reviewer: 'r', label: 'spam' }, { reviewer: 's', label: 'spam', group: 'sme' }] },
    ]);
    expect(result.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, 'slices', 'must be an object, got "pin"'],
      [3, 'reviews.0', 'must be {reviewer, label, group?}'],
    ]);
  });
});
