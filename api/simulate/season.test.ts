import { describe, expect, it } from 'vitest';
import { simulateSeason } from './season.js';

describe('a short season', () => {
  it('is deterministic: the same seed gives a byte-identical simulation.json, in turn or in worker threads', async () => {
    const options = { seed: 5, days: 1, policies: ['ponte', 'broadcast', 'cascade'] as const, scale: 1 };
    const first = JSON.stringify(await simulateSeason(options), null, 2);
    const second = JSON.stringify(await simulateSeason({ ...options, workers: 2 }), null, 2);
    expect(second).toBe(first);
    const parsed = JSON.parse(first);
    expect(parsed.demand.requests).toBeGreaterThan(10);
    expect(parsed.policies.map((entry: { policy: string }) => entry.policy)).toEqual(['ponte', 'broadcast', 'cascade']);
    // Something happened: requests were offered, taken and delivered.
    expect(parsed.policies[0].counters.offers).toBeGreaterThan(0);
    expect(parsed.policies[0].figures.filledPercent).toBeGreaterThan(0);
    // Broadcast offers every eligible mediator at once: more offers per mediator than one at a time.
    expect(parsed.policies[1].figures.offersPerMediatorPerWeek).toBeGreaterThan(
      parsed.policies[2].figures.offersPerMediatorPerWeek,
    );
  });
});
