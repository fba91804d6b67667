import type { MatchingSnapshot } from '@ponte/shared';
import type { CandidateRanking } from './matching.js';

/** The snapshot of a ranking (`MatchingSnapshot`, stored with an `unfilled` event): each excluded speaker's each reason, counted. */
export function snapshotOfRanking(ranking: CandidateRanking): MatchingSnapshot {
  const reasons: Record<string, number> = {};
  for (const mediator of ranking.excluded)
    for (const reason of mediator.reasons) reasons[reason] = (reasons[reason] ?? 0) + 1;
  return { speakers: ranking.eligible.length + ranking.excluded.length, reasons };
}
