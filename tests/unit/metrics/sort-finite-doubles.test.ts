/** sortFiniteDoubles puts every value where Float64Array.prototype.sort() does (Object.is, so −0 and +0 count). */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../src/domain/metrics/bootstrap.js';
import { sortFiniteDoubles } from '../../../src/domain/metrics/sort-finite-doubles.js';

const rand = mulberry32(2026);
const draws: Record<string, () => number> = {
  'probabilities at 6 decimals': () => Math.round(rand() * 1e6) / 1e6,
  'both signs, 40 orders of magnitude': () => (rand() - 0.5) * 10 ** (Math.floor(rand() * 40) - 20),
  'a handful of values, −0 and +0 among them': () => [0, -0, 0.5, 1, -1, 0.25][Math.floor(rand() * 6)] ?? 0,
  subnormals: () => (rand() < 0.5 ? -1 : 1) * Number.MIN_VALUE * Math.floor(rand() * 100),
  'extremes': () => [Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE, -Number.MIN_VALUE, 1][Math.floor(rand() * 5)] ?? 0,
};

function expectNativeOrder(values: Float64Array): void {
  const expected = values.slice().sort();
  const actual = sortFiniteDoubles(values);
  expect(actual).toBe(values);
  for (let i = 0; i < values.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect.fail(`index ${i}: ${actual[i]} where sort() puts ${expected[i]}`);
  }
}

describe('sortFiniteDoubles', () => {
  it.each(Object.keys(draws))('sorts as sort() does: %s', (name) => {
    const draw = draws[name] ?? (() => 0);
    for (const n of [0, 1, 100, 5000, 70_000]) expectNativeOrder(Float64Array.from({ length: n }, draw));
  });

  it('sorts a subarray in place without touching the rest of its buffer', () => {
    const all = Float64Array.from({ length: 12_000 }, () => rand());
    const before = all.slice();
    const middle = all.subarray(1000, 11_000);
    expectNativeOrder(middle);
    expect(all.subarray(0, 1000)).toEqual(before.subarray(0, 1000));
    expect(all.subarray(11_000)).toEqual(before.subarray(11_000));
  });

  it('leaves arrays with NaN or infinities to the native sort', () => {
    const values = Float64Array.from({ length: 6000 }, (_, i) => (i % 1000 === 0 ? [Number.NaN, Infinity, -Infinity][i % 3] ?? 0 : rand()));
    expectNativeOrder(values);
  });
});
