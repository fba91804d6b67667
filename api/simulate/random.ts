import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** A seeded stream of draws (pure-rand's xoroshiro128+): the same seed gives the same season. */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** One item, each as likely as its weight. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T;
  /** A standard normal draw (Box–Muller). */
  normal(): number;
  /** A log-normal draw with the given median and σ of the logarithm. */
  logNormal(median: number, sigma: number): number;
  /** A Poisson count with mean `mean` (Knuth's product of uniforms; fine for the means used here). */
  poisson(mean: number): number;
}

/** Mixes integers into one 32-bit seed (the 32-bit finalizer of MurmurHash3 over each key). */
export function mixSeed(...keys: number[]): number {
  let hash = 0x9e3779b9;
  for (const key of keys) {
    let value = Math.imul(key | 0, 0xcc9e2d51);
    value = (value << 15) | (value >>> 17);
    hash ^= Math.imul(value, 0x1b873593);
    hash = Math.imul((hash << 13) | (hash >>> 19), 5) + 0xe6546b64;
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) | 0;
}

/**
 * A stream of its own for every key tuple: a mediator's answer to one request is drawn from
 * (seed, purpose, request, mediator), so every policy meets the same person making the same choice.
 */
export function randomFor(...keys: number[]): Random {
  return createRandom(mixSeed(...keys));
}

export function createRandom(seed: number): Random {
  const generator = xoroshiro128plus(seed);
  const next = () => uniformFloat64(generator);
  const integer = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => {
    if (items.length === 0) throw new Error('cannot pick from an empty list');
    return items[integer(0, items.length - 1)] as T;
  };
  const normal = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    integer,
    chance: (probability) => next() < probability,
    pick,
    weighted<T>(entries: readonly (readonly [T, number])[]): T {
      const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
      let remaining = next() * total;
      for (const [item, weight] of entries) {
        remaining -= weight;
        if (remaining < 0) return item;
      }
      const last = entries.at(-1);
      if (!last) throw new Error('cannot pick from an empty list');
      return last[0];
    },
    normal,
    logNormal: (median, sigma) => median * Math.exp(sigma * normal()),
    poisson(mean) {
      const limit = Math.exp(-mean);
      let count = 0;
      let product = next();
      while (product > limit) {
        count += 1;
        product *= next();
      }
      return count;
    },
  };
}
