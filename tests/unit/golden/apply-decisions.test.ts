import { describe, expect, it } from 'vitest';
import { applyDecisions } from '../../../src/domain/golden/apply-decisions.js';
import type { SourceRow } from '../../../src/domain/golden/import-rows.js';
import { reviewSheetColumns, reviewSheetRow, selectDisagreements, type RunAnswers } from '../../../src/domain/golden/review-sheet.js';
import type { Item } from '../../../src/domain/golden/schema.js';
import { testManifest } from './test-manifest.js';

const manifest = testManifest({ version: '1.2.0' });
const items: Item[] = [
  { id: 'a', text: 'win', label: 'not_spam', gray_area: true, gray_reason: 'tie', reviews: [{ reviewer: 'r1', label: 'spam' }, { reviewer: 'r2', label: 'not_spam' }] },
  { id: 'b', text: 'hi', label: 'not_spam', notes: 'checked twice' },
  { id: 'c', text: 'buy', label: 'spam', category: 'scam', reviews: [{ reviewer: 'r1', label: 'not_spam' }, { reviewer: 'r2', label: 'not_spam' }, { reviewer: 'r3', label: 'not_spam' }] },
  { id: 'd', text: 'ok', label: 'spam', reviews: [{ reviewer: 'r1', label: 'spam' }, { reviewer: 'r2', label: 'spam' }] },
];
const row = (line: number, values: Record<string, string>): SourceRow => ({ line, values });

describe('applyDecisions', () => {
  it('sets the label, category and gray flag, and records the decision in notes', () => {
    const result = applyDecisions(
      items,
      [
        row(2, { id: 'a', decision: 'spam', decision_category: 'scam', decision_gray: 'no', decided_by: 'maria', decision_note: 'prize scam, policy 4.1' }),
        row(3, { id: 'b', decision: 'not_spam', decision_gray: '' }),
        row(4, { id: 'c', decision: '', decision_category: '', decision_gray: '', decision_note: '' }),
        row(5, { id: 'd', decision: 'spam', decision_gray: 'yes', decision_category: 'none' }),
      ],
      manifest,
      { file: 'sheet.csv', date: '2026-03-01' },
    );
    expect(result.problems).toEqual([]);
    expect(result.undecided).toBe(1);
    expect(result.items[0]).toEqual({
      id: 'a',
      text: 'win',
      label: 'spam',
      category: 'scam',
      reviews: items[0]?.reviews,
      notes: 'SME decision 2026-03-01 by maria: not_spam → spam — prize scam, policy 4.1',
    });
    expect(result.items[1]).toEqual({ id: 'b', text: 'hi', label: 'not_spam', notes: 'checked twice\nSME decision 2026-03-01: confirmed not_spam' });
    expect(result.items[2]).toBe(items[2]);
    expect(result.items[3]).toMatchObject({ label: 'spam', gray_area: true, gray_reason: 'SME: ambiguous under the policy' });
    expect(result.applied.map((d) => [d.id, d.from, d.to, d.grayFrom, d.grayTo])).toEqual([
      ['a', 'not_spam', 'spam', true, false],
      ['b', 'not_spam', 'not_spam', false, false],
      ['d', 'spam', 'spam', false, true],
    ]);
  });

  it('reports every bad row with its line and column and changes nothing it cannot apply', () => {
    const result = applyDecisions(
      items,
      [
        row(2, { id: 'zz', decision: 'spam' }),
        row(3, { id: 'a', decision: 'Spam' }),
        row(4, { id: 'b', decision: 'spam', decision_category: 'phish', decision_gray: 'perhaps' }),
        row(5, { id: 'c', decision: '', decision_note: 'unsure' }),
        row(6, { id: 'd', decision: 'spam' }),
        row(7, { id: 'd', decision: 'not_spam' }),
      ],
      manifest,
      { file: 'sheet.csv', date: '2026-03-01' },
    );
    expect(result.problems.map((p) => [p.line, p.field, p.message])).toEqual([
      [2, 'id', "no item 'zz' in set@1.2.0"],
      [3, 'decision', "unknown label 'Spam'"],
      [4, 'decision_category', "unknown category 'phish'"],
      [4, 'decision_gray', "'perhaps' is not yes/no"],
      [5, 'decision', 'is empty while other decision columns are filled'],
      [7, 'id', "'d' was already decided on line 6"],
    ]);
  });
});

describe('review sheet', () => {
  const runs: RunAnswers[] = [
    { candidate: 'llm', answers: new Map([['a', { label: 'spam', score: 0.9, rationale: 'prize' }], ['b', { label: 'spam', score: 0.7 }], ['c', { error: 'timeout: 30 s' }]]) },
  ];

  it('selects flagged, split and gold-vs-majority items, most disputed first', () => {
    const selected = selectDisagreements(items, runs, { labels: manifest.labels, positive: 'spam' });
    expect(selected.map((s) => [s.item.id, s.why])).toEqual([
      ['a', ['flagged gray', 'reviewers tied']],
      ['c', ["gold 'spam' but reviewers' majority 'not_spam'"]],
    ]);
    const withRuns = selectDisagreements(items, runs, { labels: manifest.labels, positive: 'spam', candidateDisagreements: true });
    expect(withRuns.map((s) => s.item.id)).toEqual(['a', 'b', 'c']);
    expect(withRuns[1]?.why).toEqual(["llm says 'spam'"]);
  });

  it('has the decision columns import-decisions reads, and each run\'s answer', () => {
    const columns = reviewSheetColumns(runs);
    expect(columns.slice(-6)).toEqual(['text', 'decision', 'decision_category', 'decision_gray', 'decided_by', 'decision_note']);
    const first = reviewSheetRow(items[0] ?? { id: '', text: '', label: '' }, manifest, ['x'], runs);
    expect(Object.keys(first)).toEqual(columns);
    expect(first).toMatchObject({ votes: 'spam 1, not_spam 1', reviews: 'r1: spam; r2: not_spam', llm_label: 'spam', llm_score: '0.9', llm_rationale: 'prize' });
    expect(reviewSheetRow(items[2] ?? { id: '', text: '', label: '' }, manifest, [], runs).llm_label).toBe('error: timeout: 30 s');
  });
});
