/**
 * Reason codes of the gap report (GET /api/reports/gaps) that have a sentence of their own: matching's
 * exclusion reasons, plus the report's own `no_mediator_speaks_language`, said once per request when
 * nobody speaks the language at all.
 */
export const NOBODY_SPEAKS_LANGUAGE = 'no_mediator_speaks_language';

export const gapReasonKeys = [
  NOBODY_SPEAKS_LANGUAGE,
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
  'inactive',
] as const;
export type GapReasonKey = (typeof gapReasonKeys)[number];
