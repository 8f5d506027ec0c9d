import { describe, expect, it } from 'vitest';
import { markdownCell, markdownTable, plainTable } from '../../../src/adapters/renderers/plain-table.js';

describe('plainTable / markdownTable', () => {
  it('aligns columns, right-aligns numbers', () => {
    expect(plainTable(['id', 'n'], [['a', 5], ['bbb', 12]])).toBe('id   n\na     5\nbbb  12\n');
  });

  it('keeps adversarial text inert: no terminal escapes, no bidi overrides, one line', () => {
    const text = 'win\u001b[2J\u001b]8;;http://evil\u0007 now\u202e\nfree';
    expect(plainTable(['text'], [[text]])).toBe('text\nwin [2J ]8;;http://evil now free\n');
  });

  it('escapes Markdown so item text cannot add links, HTML or mentions', () => {
    expect(markdownCell('<img src=x> [a](http://x) @team | *b*')).toBe('\\<img src=x\\> \\[a\\](http://x) \\@team \\| \\*b\\*');
    expect(markdownTable(['n', 'x'], [[1, 'a']])).toBe('| n | x |\n| ---: | --- |\n| 1 | a |\n');
  });
});
