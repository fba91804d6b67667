import { describe, expect, it, vi } from 'vitest';
import { generateDemand } from './demand.js';
import { dispatchPolicyFor } from './policies.js';
import { mediatorId } from './roster.js';
import { runPolicy } from './run.js';

/*
 * The simulation drives Ponte's own dispatcher, not a model of it: a ranking changed here, in the
 * engine's matching module, changes who gets the work in the simulated season.
 */
const rule = vi.hoisted(() => ({ barred: new Set<string>() }));
vi.mock('../src/domain/matching.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/domain/matching.js')>();
  return {
    ...original,
    rankCandidates: (input: Parameters<typeof original.rankCandidates>[0]) => {
      const ranking = original.rankCandidates(input);
      return { ...ranking, eligible: ranking.eligible.filter((candidate) => !rule.barred.has(candidate.mediatorId)) };
    },
  };
});

describe('the simulation goes through the real dispatcher', () => {
  it('a matching rule added to the engine keeps the barred mediators from any work', async () => {
    const demand = generateDemand({ seed: 2, days: 2 });
    const options = { seed: 2, demand, policy: dispatchPolicyFor('ponte'), scale: 1 };
    const free = await runPolicy(options);
    const served = (run: typeof free) =>
      new Set(run.requests.flatMap((request) => (request.mediatorIndex === null ? [] : [request.mediatorIndex])));
    const servedFreely = served(free);
    expect(servedFreely.size).toBeGreaterThan(3);

    // Bar every mediator who got work: the same season must find others, or leave requests unfilled.
    for (const index of servedFreely) rule.barred.add(mediatorId(index));
    const barred = await runPolicy(options);
    rule.barred.clear();
    for (const index of served(barred)) expect(servedFreely.has(index)).toBe(false);
    expect(JSON.stringify(barred.requests)).not.toBe(JSON.stringify(free.requests));
    expect(barred.offersByMediator.filter((_, index) => servedFreely.has(index)).every((count) => count === 0)).toBe(
      true,
    );
  });
});
