import { describe, expect, it } from 'vitest';
import { adjudicateItem, adjudicateItems, judgeReviews, type AdjudicateOptions } from '../../../src/domain/golden/adjudicate.js';
import type { Item, Review } from '../../../src/domain/golden/schema.js';

const majority: AdjudicateOptions = { rule: 'majority', labels: ['spam', 'not_spam'], positive: 'spam' };
const smeFirst: AdjudicateOptions = { ...majority, rule: 'sme-priority' };
const r = (reviewer: string, label: string, group?: string): Review => ({ reviewer, label, ...(group === undefined ? {} : { group }) });
const item = (label: string, reviews: Review[], extra: Partial<Item> = {}): Item => ({ id: 'i', text: 't', label, reviews, ...extra });

describe('adjudication (METHODS §6.6 thresholds)', () => {
  it('a unanimous or 3-of-4 majority is clear: share 0.75 is not below the threshold', () => {
    const out = adjudicateItem(item('not_spam', [r('a', 'spam'), r('b', 'spam'), r('c', 'spam'), r('d', 'not_spam')]), majority);
    expect(out.outcome).toMatchObject({ decision: 'majority', label: 'spam', relabeled: true, newlyGray: false });
    expect(out.item.label).toBe('spam');
    expect(out.item.gray_area).toBeUndefined();
  });

  it('2 of 3 is a split: labeled with the majority and gray, with the counts in the reason', () => {
    const out = adjudicateItem(item('spam', [r('a', 'spam'), r('b', 'not_spam'), r('c', 'not_spam')]), majority);
    expect(out.outcome).toMatchObject({ decision: 'split', label: 'not_spam', relabeled: true, newlyGray: true });
    expect(out.item).toMatchObject({ label: 'not_spam', gray_area: true, gray_reason: 'reviewers split (spam 1, not_spam 2): top share 0.67 < 0.75' });
  });

  it('--min-agreement 0.6 makes 2 of 3 clear', () => {
    expect(adjudicateItem(item('spam', [r('a', 'spam'), r('b', 'not_spam'), r('c', 'not_spam')]), { ...majority, minAgreement: 0.6 }).outcome.decision).toBe('majority');
  });

  it('a tie keeps the current label when it is tied, else takes the non-enforced label', () => {
    const keep = adjudicateItem(item('spam', [r('a', 'spam'), r('b', 'not_spam')]), majority);
    expect(keep.outcome).toMatchObject({ decision: 'tie', label: 'spam', relabeled: false, newlyGray: true });
    expect(judgeReviews('x', [r('a', 'spam'), r('b', 'not_spam')], undefined, majority)?.label).toBe('not_spam');
  });

  it('a reviewer counts once (first review), whatever they said later', () => {
    const out = adjudicateItem(item('not_spam', [r('a', 'spam'), r('a', 'not_spam'), r('b', 'spam')]), majority);
    expect(out.outcome).toMatchObject({ decision: 'majority', label: 'spam' });
  });

  it('never clears a curator\'s gray flag nor rewrites its reason', () => {
    const out = adjudicateItem(item('spam', [r('a', 'spam'), r('b', 'not_spam')], { gray_area: true, gray_reason: 'newsletter' }), majority);
    expect(out.item).toMatchObject({ gray_area: true, gray_reason: 'newsletter' });
    expect(out.outcome.newlyGray).toBe(false);
    const clear = adjudicateItem(item('spam', [r('a', 'spam'), r('b', 'spam')], { gray_area: true, gray_reason: 'newsletter' }), majority);
    expect(clear.item.gray_area).toBe(true);
  });

  it('sme-priority: the SMEs overrule the majority; tied SMEs fall back to everyone', () => {
    const reviews = [r('a', 'spam'), r('b', 'spam'), r('c', 'spam'), r('s', 'not_spam', 'sme')];
    expect(adjudicateItem(item('spam', reviews), smeFirst).outcome).toMatchObject({ decision: 'sme', label: 'not_spam' });
    expect(adjudicateItem(item('spam', reviews), majority).outcome).toMatchObject({ decision: 'majority', label: 'spam' });
    const tiedSmes = [r('a', 'spam'), r('b', 'spam'), r('s1', 'not_spam', 'sme'), r('s2', 'spam', 'sme')];
    expect(adjudicateItem(item('not_spam', tiedSmes), smeFirst).outcome).toMatchObject({ decision: 'majority', label: 'spam' });
    expect(adjudicateItem(item('spam', reviews), { ...smeFirst, smeGroup: 'qa' }).outcome.decision).toBe('majority');
  });

  it('leaves items without reviews alone and summarises the decisions', () => {
    const { summary, items } = adjudicateItems(
      [item('spam', []), item('spam', [r('a', 'not_spam'), r('b', 'not_spam')]), item('spam', [r('a', 'spam'), r('b', 'not_spam')])],
      majority,
    );
    expect(items[0]).toEqual(item('spam', []));
    expect(summary).toEqual({ rule: 'majority', minAgreement: 0.75, items: 3, byDecision: { unreviewed: 1, majority: 1, split: 0, tie: 1, sme: 0 }, relabeled: 1, newlyGray: 1 });
  });
});
