/** Nearest-rank percentile (p in 0–100) of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((first, second) => first - second);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function mean(samples: readonly number[]): number {
  return samples.length === 0 ? Number.NaN : samples.reduce((sum, value) => sum + value, 0) / samples.length;
}

export function maximum(samples: readonly number[]): number {
  return samples.reduce((largest, value) => Math.max(largest, value), Number.NEGATIVE_INFINITY);
}

export const roundTo = (value: number, decimals: number) => Number(value.toFixed(decimals));
