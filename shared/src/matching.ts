import { z } from 'zod';

/**
 * Why a mediator cannot be offered a request, in the order of DESIGN.md's hard rules. These strings
 * are stored, counted by the gap report and translated by the web app: never rename one.
 */
export const exclusionReasons = [
  'inactive',
  'language_not_spoken',
  'district_not_served',
  'mode_not_offered',
  'missing_qualification',
  'outside_availability',
  'time_off',
  'already_booked',
  'weekly_cap_exceeded',
  'gender_mismatch',
  'dialect_mismatch',
  'declined',
  'let_expire',
  'withdrew',
  // Not in DESIGN.md's list (issue 16): a coordinator's exclusion of the mediator from the case.
  'case_excluded',
] as const;
export type ExclusionReason = (typeof exclusionReasons)[number];

/** The ranking parts an eligible mediator's reasons can show; fairness and level carry a detail (`fairness:120`). */
export const rankingReasons = [
  'series_continuity',
  'continuity',
  'preferred_gender',
  'preferred_dialect',
  'home_district',
  'fairness',
  'level',
] as const;
export type RankingReason = (typeof rankingReasons)[number];

/** The gap report's own reason, counted once per unfilled request when nobody speaks its language at all. */
export const NOBODY_SPEAKS_LANGUAGE = 'no_mediator_speaks_language';

/**
 * What matching said about a request's language speakers when it became unfilled, stored with its
 * `unfilled` event: how many there were, and each exclusion reason with the number of speakers it
 * excluded. Tallies, not a list of mediators, so it names nobody; the gap report and the requester's
 * page read it.
 */
export const MatchingSnapshot = z.object({
  speakers: z.int().min(0),
  reasons: z.record(z.string(), z.int().min(0)),
});
export type MatchingSnapshot = z.infer<typeof MatchingSnapshot>;
