import { MatchingSnapshot, NOBODY_SPEAKS_LANGUAGE } from '@ponte/shared';

/** How many reasons a gap row lists. */
export const TOP_REASONS = 5;

/** The snapshot stored in an 'unfilled' event's data, if there is a well-formed one. */
export function storedSnapshot(eventData: Record<string, unknown> | undefined): MatchingSnapshot | undefined {
  const parsed = MatchingSnapshot.safeParse(eventData?.matching);
  return parsed.success ? parsed.data : undefined;
}

/** Adds one unfilled request's reasons to a group's tally. */
export function addReasons(tally: Map<string, number>, snapshot: MatchingSnapshot): void {
  const counts: [string, number][] =
    snapshot.speakers === 0 ? [[NOBODY_SPEAKS_LANGUAGE, 1]] : Object.entries(snapshot.reasons);
  for (const [reason, count] of counts) if (count > 0) tally.set(reason, (tally.get(reason) ?? 0) + count);
}

/** The most frequent reasons first (ties by name, so the order is stable), the top ones only. */
export function topReasons(
  tally: ReadonlyMap<string, number>,
  limit = TOP_REASONS,
): { reason: string; count: number }[] {
  return [...tally]
    .map(([reason, count]) => ({ reason, count }))
    .sort(
      (first, second) =>
        second.count - first.count || (first.reason < second.reason ? -1 : first.reason > second.reason ? 1 : 0),
    )
    .slice(0, limit);
}
