import { z } from 'zod';

/** Said once per unfilled request when not a single mediator speaks its language, active or not. */
export const NOBODY_SPEAKS_LANGUAGE = 'no_mediator_speaks_language';

/** How many reasons a gap row lists. */
export const TOP_REASONS = 5;

/**
 * What matching said about a request's language speakers when it became unfilled. The gap report
 * reads it from the 'unfilled' event's `data.matching` when dispatch stored it there, and otherwise
 * re-ranks the request (see reports.service.ts).
 */
export const MatchingSnapshot = z.object({
  speakers: z.int().min(0),
  excluded: z.array(z.object({ mediatorId: z.string(), reasons: z.array(z.string()) })),
});
export type MatchingSnapshot = z.infer<typeof MatchingSnapshot>;

/** The snapshot stored in an 'unfilled' event's data, if there is a well-formed one. */
export function storedSnapshot(eventData: Record<string, unknown> | undefined): MatchingSnapshot | undefined {
  const parsed = MatchingSnapshot.safeParse(eventData?.matching);
  return parsed.success ? parsed.data : undefined;
}

/** The reasons one unfilled request counts: each excluded speaker's each reason, or that nobody speaks the language. */
export function reasonsOfRequest(snapshot: MatchingSnapshot): string[] {
  if (snapshot.speakers === 0) return [NOBODY_SPEAKS_LANGUAGE];
  return snapshot.excluded.flatMap((mediator) => mediator.reasons);
}

/** Counts reasons, most frequent first (ties by name, so the order is stable), keeping the top ones. */
export function topReasons(reasons: Iterable<string>, limit = TOP_REASONS): { reason: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return [...counts]
    .map(([reason, count]) => ({ reason, count }))
    .sort((first, second) => second.count - first.count || (first.reason < second.reason ? -1 : first.reason > second.reason ? 1 : 0))
    .slice(0, limit);
}
