import { z } from 'zod';
import type { CandidateRanking } from './matching.js';

/**
 * What matching said about a request's language speakers when it became unfilled: how many there
 * were, and each exclusion reason with the number of speakers it excluded. Tallies, not a list of
 * mediators, so it stays small on the request's timeline and names nobody; the gap report reads it.
 */
export const MatchingSnapshot = z.object({
  speakers: z.int().min(0),
  reasons: z.record(z.string(), z.int().min(0)),
});
export type MatchingSnapshot = z.infer<typeof MatchingSnapshot>;

/** The snapshot of a ranking: each excluded speaker's each reason, counted. */
export function snapshotOfRanking(ranking: CandidateRanking): MatchingSnapshot {
  const reasons: Record<string, number> = {};
  for (const mediator of ranking.excluded) for (const reason of mediator.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
  return { speakers: ranking.eligible.length + ranking.excluded.length, reasons };
}
