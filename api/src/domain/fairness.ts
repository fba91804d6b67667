/**
 * The Gini coefficient of a share of work: 0 when everyone got the same, towards 1 when one person got
 * it all ((n − 1) / n exactly, for n people). Defined as 0 for nobody or for no work at all, so a quiet
 * period reads as "fair", not as an error. Negative amounts make no sense for minutes and are refused.
 *
 * Computed on the sorted values, G = Σ (2i − n − 1)·xᵢ / (n · Σ xᵢ) with i = 1…n ascending, which is
 * the mean absolute difference over twice the mean without the O(n²) double sum.
 */
export function giniCoefficient(values: readonly number[]): number {
  const count = values.length;
  if (count === 0) return 0;
  const sorted = [...values].sort((first, second) => first - second);
  if ((sorted[0] ?? 0) < 0 || sorted.some((value) => !Number.isFinite(value))) {
    throw new RangeError('giniCoefficient needs finite amounts of zero or more');
  }
  let total = 0;
  let weighted = 0;
  sorted.forEach((value, index) => {
    total += value;
    weighted += (2 * (index + 1) - count - 1) * value;
  });
  if (total === 0) return 0;
  return weighted / (count * total);
}
