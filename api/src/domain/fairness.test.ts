import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { giniCoefficient } from './fairness.js';

/** The textbook definition, Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean): slow but obviously right, to check the fast one against. */
function giniByDefinition(values: readonly number[]): number {
  const count = values.length;
  const total = values.reduce((sum, value) => sum + value, 0);
  if (count === 0 || total === 0) return 0;
  let differences = 0;
  for (const first of values) for (const second of values) differences += Math.abs(first - second);
  return differences / (2 * count * count * (total / count));
}

describe('giniCoefficient', () => {
  it.each([
    { case: 'nobody', minutes: [], gini: 0 },
    { case: 'nobody worked', minutes: [0, 0, 0], gini: 0 },
    { case: 'one mediator', minutes: [300], gini: 0 },
    { case: 'all equal', minutes: [240, 240, 240, 240], gini: 0 },
    // Ordered pairs differ by 10 six times: 60 / (2 · 16 · 2.5).
    { case: 'one of four did everything', minutes: [0, 0, 0, 10], gini: 0.75 },
    { case: 'one of two did everything', minutes: [0, 60], gini: 0.5 },
    // Σ|xᵢ − xⱼ| over ordered pairs = 8, n² = 9, mean 2: 8 / 36.
    { case: '1, 2, 3', minutes: [1, 2, 3], gini: 2 / 9 },
    // Differences 120, 240, 360, 120, 240, 120 (twice each) = 2400; 2 · 16 · 300 = 9600.
    { case: 'two to eight hours', minutes: [120, 240, 360, 480], gini: 0.25 },
    // Unsorted input: 0, 10, 20, 30 → 200 / (2 · 16 · 15).
    { case: 'in any order', minutes: [10, 0, 30, 20], gini: 200 / 480 },
  ])('$case → $gini', ({ minutes, gini }) => {
    expect(giniCoefficient(minutes)).toBeCloseTo(gini, 12);
  });

  it('refuses negative or non-finite amounts', () => {
    expect(() => giniCoefficient([10, -1])).toThrow(RangeError);
    expect(() => giniCoefficient([10, Number.NaN])).toThrow(RangeError);
    expect(() => giniCoefficient([10, Number.POSITIVE_INFINITY])).toThrow(RangeError);
  });

  const minuteLists = fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 60 });

  it('equals the double-sum definition', () => {
    fc.assert(
      fc.property(minuteLists, (minutes) => Math.abs(giniCoefficient(minutes) - giniByDefinition(minutes)) < 1e-9),
    );
  });

  it('lies between 0 and (n − 1) / n, and ignores order and scale', () => {
    fc.assert(
      fc.property(minuteLists, fc.integer({ min: 1, max: 50 }), (minutes, factor) => {
        const gini = giniCoefficient(minutes);
        const upper = minutes.length === 0 ? 0 : (minutes.length - 1) / minutes.length;
        const reversed = giniCoefficient([...minutes].reverse());
        const scaled = giniCoefficient(minutes.map((value) => value * factor));
        return (
          gini >= 0 && gini <= upper + 1e-12 && Math.abs(gini - reversed) < 1e-12 && Math.abs(gini - scaled) < 1e-9
        );
      }),
    );
  });
});
