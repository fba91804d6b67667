import { MatchingSnapshot, type RequestDetail } from '@ponte/shared';

/** What could help an unfilled request, as the requester can act on it. */
export type UnfilledHint =
  'noSpeakers' | 'tryRemote' | 'tryOtherTime' | 'relaxGender' | 'relaxDialect' | 'qualification';

/** Reasons a different start could remove. */
const TIME_REASONS = ['outside_availability', 'time_off', 'already_booked', 'weekly_cap_exceeded'];

/**
 * Reads the matching tallies stored with the request's last `unfilled` event (counts per reason, no
 * names) and says what the requester could change: remote work when nobody serves the area in person,
 * another time when the speakers are busy or away, a wish instead of a requirement for gender or
 * dialect. Nothing when the request is not unfilled or has no tallies.
 */
export function unfilledHints(
  request: Pick<RequestDetail, 'status' | 'mode' | 'genderRequired' | 'dialectRequired' | 'timeline'>,
): UnfilledHint[] {
  if (request.status !== 'unfilled') return [];
  const stored = MatchingSnapshot.safeParse(
    [...request.timeline].reverse().find((entry) => entry.type === 'unfilled')?.data.matching,
  );
  if (!stored.success) return [];
  if (stored.data.speakers === 0) return ['noSpeakers'];
  const { reasons } = stored.data;
  const hints: UnfilledHint[] = [];
  if (request.mode === 'in_person' && reasons.district_not_served) hints.push('tryRemote');
  if (TIME_REASONS.some((reason) => reasons[reason])) hints.push('tryOtherTime');
  if (request.genderRequired && reasons.gender_mismatch) hints.push('relaxGender');
  if (request.dialectRequired && reasons.dialect_mismatch) hints.push('relaxDialect');
  if (reasons.missing_qualification) hints.push('qualification');
  return hints;
}
