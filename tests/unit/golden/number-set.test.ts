import { describe, expect, it } from 'vitest';
import { hash53 } from '../../../src/domain/golden/normalize-text.js';
import { NumberSet } from '../../../src/domain/golden/number-set.js';

describe('NumberSet', () => {
  it('counts distinct values like a Set, across many growths', () => {
    const ours = new NumberSet();
    const reference = new Set<number>();
    for (let i = 0; i < 300_000; i += 1) {
      const value = i % 3 === 0 ? hash53(String(i % 1000)) : hash53(`item ${i}`);
      ours.add(value);
      reference.add(value);
    }
    ours.add(0);
    reference.add(0);
    expect(ours.size).toBe(reference.size);
  });
});
