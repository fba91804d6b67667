/** A seeded generator, so every run of the benchmark builds the same data set. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, each as likely as its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** `count` distinct items, each drawn by weight (or all of them when there are fewer). */
  weightedDistinct<T>(entries: readonly (readonly [T, number])[], count: number): T[];
  /** `count` distinct items, uniformly. */
  sample<T>(items: readonly T[], count: number): T[];
}

/** mulberry32: tiny, fast and good enough to spread test data. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[integer(0, items.length - 1)] as T;
  };
  const weighted = <T>(entries: readonly (readonly [T, number])[]): T => {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let remaining = next() * total;
    for (const [item, weight] of entries) {
      remaining -= weight;
      if (remaining < 0) return item;
    }
    return pick(entries)[0];
  };
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick,
    weighted,
    weightedDistinct(entries, count) {
      const left = [...entries];
      const chosen: (typeof entries)[number][0][] = [];
      while (chosen.length < count && left.length > 0) {
        const item = weighted(left);
        chosen.push(item);
        left.splice(
          left.findIndex(([candidate]) => candidate === item),
          1,
        );
      }
      return chosen;
    },
    sample(items, count) {
      const copy = [...items];
      for (let index = copy.length - 1; index > 0; index -= 1) {
        const other = integer(0, index);
        [copy[index], copy[other]] = [copy[other] as (typeof copy)[number], copy[index] as (typeof copy)[number]];
      }
      return copy.slice(0, count);
    },
  };
}
